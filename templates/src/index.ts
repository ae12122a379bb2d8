export * from './loadTemplate';
