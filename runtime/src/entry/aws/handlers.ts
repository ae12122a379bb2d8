/**
 * The AWS side's Lambda handlers, one module each so each bundle holds only what its function
 * imports: `api` (API Gateway HTTP API), `relay` (DynamoDB Streams and its on-failure queue →
 * Azure's inbound Service Bus queue) and `apply` (SQS inbound queue → DynamoDB, partial batch
 * response).
 */
export { api } from './api';
export { relay } from './relay';
export { apply } from './apply';
