/**
 * The names the `aws-service` Terraform module gives a service's parts (terraform-modules/aws-service),
 * so the portal finds them from the service id alone.
 */
export function awsNames(serviceId: string) {
  return {
    /** The HTTP API (`aws_apigatewayv2_api.http`, named after the service). */
    httpApi: serviceId,
    queues: {
      inbound: `${serviceId}-inbound`,
      deadLetter: `${serviceId}-inbound-dlq`,
    },
    /** Powertools Metrics namespace and dimensions of the replication lag into AWS. */
    lagMetric: {
      namespace: 'MulticloudService',
      metricName: 'ReplicationLagMs',
      dimensions: { service: serviceId, SourceRegion: 'azure' },
    },
    /**
     * The redriver's and the reconciler's EMF metrics (runtime/src/metrics/EmfMetricsSink.ts,
     * namespace and `serviceName` set in runtime/src/entry/aws/telemetry.ts): Powertools Metrics
     * adds `service` (the `serviceName`) as a default dimension of every metric
     * (@aws-lambda-powertools/metrics, Metrics.setOptions: `{ service: resolvedServiceName,
     * ...defaultDimensions }`; "Metrics", https://docs.powertools.aws.dev/lambda/typescript/latest/features/metrics/),
     * and CloudWatch matches a metric by its full set of dimensions.
     */
    recoveryMetrics: {
      namespace: 'MulticloudService',
      dimensions: { service: serviceId },
    },
  };
}
