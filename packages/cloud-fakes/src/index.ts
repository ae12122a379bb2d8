export * from './sqsTarget';
