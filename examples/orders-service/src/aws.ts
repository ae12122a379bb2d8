/**
 * The AWS side: three Lambda functions built from the shared runtime. `api` serves the HTTP API
 * behind API Gateway, `relay` sends DynamoDB Streams changes to Azure's inbound queue, `apply`
 * applies Azure's changes from the SQS inbound queue. Configuration comes from the environment
 * the Terraform module sets (infra/aws).
 */
export { api, relay, apply } from '@multicloud/runtime/aws';
