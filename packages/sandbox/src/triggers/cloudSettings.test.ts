import { parseTerraform } from '@multicloud/terraform-modules';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CLOUD_QUEUE_SETTINGS,
  FUNCTIONS_SERVICE_BUS_TRIGGER,
} from './cloudSettings';
import { RELAY_STREAM_MAPPING } from './DynamoDbStreamTrigger';

const root = resolve(__dirname, '..', '..', '..', '..');
const modules = join(root, 'terraform-modules');

/** Every resource and variable of a module, merged across its files. */
async function load(module: string) {
  const dir = join(modules, module);
  const merged = {
    resource: {} as Record<string, any>,
    variable: {} as any,
    locals: {} as Record<string, any>,
  };
  for (const file of readdirSync(dir).filter(f => f.endsWith('.tf'))) {
    const json = await parseTerraform(
      file,
      readFileSync(join(dir, file), 'utf8'),
    );
    for (const [type, byName] of Object.entries(json.resource ?? {}))
      for (const [name, blocks] of Object.entries(byName as object))
        merged.resource[`${type}.${name}`] = (blocks as any[])[0];
    Object.assign(merged.variable, json.variable ?? {});
    for (const block of (json.locals ?? []) as object[])
      Object.assign(merged.locals, block);
  }
  return merged;
}

const seconds = (iso: string) => {
  const m = /^PT(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso)!;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
};

describe('the trigger harness runs the settings the Terraform modules deploy', () => {
  it('AWS: the relay’s stream mapping, its on-failure queue and the inbound queue', async () => {
    const aws = await load('aws-service');
    const mapping = aws.resource['aws_lambda_event_source_mapping.relay'];
    expect({
      batchSize: mapping.batch_size,
      maximumRetryAttempts: mapping.maximum_retry_attempts,
      maximumRecordAgeSeconds: mapping.maximum_record_age_in_seconds,
      bisectBatchOnFunctionError: mapping.bisect_batch_on_function_error,
    }).toEqual(RELAY_STREAM_MAPPING);
    expect(mapping.destination_config[0].on_failure[0].destination_arn).toBe(
      '${aws_sqs_queue.relay_failures.arn}',
    );

    const failures = aws.resource['aws_sqs_queue.relay_failures'];
    expect(failures.redrive_policy).toBeUndefined();
    expect(failures.visibility_timeout_seconds * 1000).toBe(
      CLOUD_QUEUE_SETTINGS.relayFailures.visibilityTimeoutMs,
    );
    expect(
      aws.resource['aws_lambda_event_source_mapping.relay_failures'],
    ).toMatchObject({
      function_name: '${aws_lambda_function.function["relay"].arn}',
      function_response_types: ['ReportBatchItemFailures'],
    });

    const inbound = aws.resource['aws_sqs_queue.inbound'];
    expect(inbound.visibility_timeout_seconds).toBe(
      '${6 * local.worker_timeout_seconds}',
    );
    expect(6 * aws.locals.worker_timeout_seconds * 1000).toBe(
      CLOUD_QUEUE_SETTINGS.sqsInbound.visibilityTimeoutMs,
    );
    expect(aws.variable.max_receive_count[0].default).toBe(
      CLOUD_QUEUE_SETTINGS.sqsInbound.maxReceiveCount,
    );
    // The production table carries no secondary index (the version index is emulator-only).
    expect(
      aws.resource['aws_dynamodb_table.items'].global_secondary_index,
    ).toBeUndefined();
  });

  it('Azure: the inbound queue and the relay’s parking container', async () => {
    const azure = await load('azure-service');
    const inbound = azure.resource['azurerm_servicebus_queue.inbound'];
    expect(seconds(inbound.lock_duration) * 1000).toBe(
      CLOUD_QUEUE_SETTINGS.serviceBusInbound.lockDurationMs,
    );
    expect(azure.variable.max_delivery_count[0].default).toBe(
      CLOUD_QUEUE_SETTINGS.serviceBusInbound.maxDeliveryCount,
    );
    const parked = azure.resource['azurerm_cosmosdb_sql_container.parked'];
    expect(parked).toMatchObject({
      name: 'parked',
      partition_key_paths: ['/id'],
    });
    expect(parked.default_ttl).toBeUndefined();
  });

  it('Azure: the Service Bus trigger settings of the Function App’s host.json', () => {
    const host = JSON.parse(
      readFileSync(
        join(root, 'templates', 'multicloud-service', 'skeleton', 'host.json'),
        'utf8',
      ),
    );
    expect(host.extensions.serviceBus).toEqual(FUNCTIONS_SERVICE_BUS_TRIGGER);
  });
});
