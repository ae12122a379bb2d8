/**
 * The AWS side: the Lambda functions built from the shared runtime. `api` serves the HTTP API
 * behind API Gateway, `relay` sends DynamoDB Streams changes to Azure's inbound queue, `apply`
 * applies Azure's changes from the SQS inbound queue; on schedules, `redrive` sends transient
 * dead letters back and `reconcile` starts an anti-entropy round with Azure. Configuration
 * comes from the environment the Terraform module sets (infra/aws).
 */
export {
  api,
  relay,
  apply,
  redrive,
  reconcile,
} from '@multicloud/runtime/aws';
