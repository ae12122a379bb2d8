import { JsonLogMetricsSink } from '../../../metrics/JsonLogMetricsSink';
import { azureConfigSchema, AzureConfig, readConfig } from '../../config';

/** Reads and checks the Function App's settings; a missing or bad one is named in the error. */
export function readAzureConfig(
  env: Record<string, string | undefined> = process.env,
): AzureConfig {
  return readConfig(azureConfigSchema, env);
}

let settings: ReturnType<typeof buildSettings> | undefined;

/**
 * The settings and the metrics sink, built once per instance, without the Cosmos DB client: what
 * `relay` needs on its first run, which sends to AWS and touches Cosmos DB only to park what AWS
 * refused (`azureRegion` adds the database, the store and the clock).
 */
export function azureSettings() {
  return (settings ??= buildSettings(readAzureConfig()));
}

function buildSettings(config: AzureConfig) {
  return {
    config,
    metrics: new JsonLogMetricsSink(),
    instance: process.env.WEBSITE_INSTANCE_ID,
  };
}
