export * from './hcl';
