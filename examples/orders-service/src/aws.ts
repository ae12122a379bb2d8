/**
 * The AWS side: one Lambda function per export, built from the shared runtime. `api` serves the
 * HTTP API behind API Gateway, `relay` sends DynamoDB Streams changes to Azure's inbound queue,
 * `apply` applies Azure's changes from the SQS inbound queue; on EventBridge Scheduler schedules,
 * `redrive` sends transient dead letters back and `reconcile` starts an anti-entropy round with
 * Azure. `npm run build` bundles each export on its own (dist/aws/<name>/index.js, handler
 * `index.<name>`), so each function ships only what it imports. Configuration comes from the
 * environment the Terraform module sets (infra/aws).
 */
export {
  api,
  relay,
  apply,
  redrive,
  reconcile,
} from '@multicloud/runtime/aws';
