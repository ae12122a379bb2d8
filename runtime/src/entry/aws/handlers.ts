/**
 * The AWS side's Lambda handlers, one module each so each bundle holds only what its function
 * imports: `api` (API Gateway HTTP API), `relay` (DynamoDB Streams and its on-failure queue →
 * Azure's inbound Service Bus queue), `apply` (SQS inbound queue → DynamoDB, partial batch
 * response), and on EventBridge Scheduler schedules `redrive` (dead letters back to the inbound
 * queue) and `reconcile` (an anti-entropy round with Azure).
 */
export { api } from './api';
export { relay } from './relay';
export { apply } from './apply';
export { redrive } from './redrive';
export { reconcile } from './reconcile';
