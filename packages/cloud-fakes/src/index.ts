export * from './sqs/sqsTarget';
export * from './sqs/SqsFake';
export * from './emulators';
export * from './servicebus/ServiceBusFake';
export * from './identity/IdentityFake';
