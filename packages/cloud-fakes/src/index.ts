export * from './sqs/sqsTarget';
export * from './sqs/SqsFake';
export * from './emulators';
