export * from './sqsTarget';
export * from './emulators';
