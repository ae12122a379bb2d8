import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { ServiceBusClient } from '@azure/service-bus';
import { ConfigReader } from '@backstage/config';
import {
  startServiceBusFake,
  type RunningServiceBusFake,
} from '@multicloud/cloud-fakes';
import { startAzureFake, type AzureFakeState } from './azureFakes';
import { CloudProvider } from '@multicloud/backstage-plugin-multicloud-backend/src/providers/cloud/CloudProvider';
import { createCloudProvider } from '@multicloud/backstage-plugin-multicloud-backend/src/providers/cloud/createCloudProvider';
import {
  alignedWindow,
  type ServiceLocation,
} from '@multicloud/backstage-plugin-multicloud-backend/src/providers/types';
import { AzureClientFactory } from '@multicloud/backstage-plugin-multicloud-backend/src/providers/azure/azureClients';
import { azureNames } from '@multicloud/backstage-plugin-multicloud-backend/src/providers/azure/azureNames';
import {
  AppInsightsLogs,
  figuresQuery,
  RECOVERY_QUERY,
} from '@multicloud/backstage-plugin-multicloud-backend/src/providers/azure/AppInsightsLogs';
import { AzureSide } from '@multicloud/backstage-plugin-multicloud-backend/src/providers/azure/AzureSide';
import { FrontDoorRouting } from '@multicloud/backstage-plugin-multicloud-backend/src/providers/azure/FrontDoorRouting';
import { MonitorMetricsBatcher } from '@multicloud/backstage-plugin-multicloud-backend/src/providers/azure/MonitorMetricsBatcher';
import { ServiceBusQueues } from '@multicloud/backstage-plugin-multicloud-backend/src/providers/azure/ServiceBusQueues';
import { TrafficManagerRouting } from '@multicloud/backstage-plugin-multicloud-backend/src/providers/azure/TrafficManagerRouting';

const SUBSCRIPTION = '00000000-0000-0000-0000-00000000aaaa';

function location(serviceId: string): ServiceLocation {
  return {
    entityRef: `component:default/${serviceId}`,
    serviceId,
    provider: 'cloud',
    locations: {
      aws: { account: null, region: 'eu-west-1' },
      azure: { account: SUBSCRIPTION, region: 'westeurope' },
    },
    routing: 'traffic-manager',
    route53: null,
    azureRoutingResourceGroup: 'rg-routing',
  };
}

const profileId = (serviceId: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-routing/providers/Microsoft.Network/trafficManagerProfiles/tm-${serviceId}`;

const frontDoorId = (serviceId: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-routing/providers/Microsoft.Cdn/profiles/afd-${serviceId}`;

/** A credential that hands out a fixed token and counts the scopes it was asked for. */
const scopes: string[] = [];
const credential: TokenCredential = {
  getToken: async (scope): Promise<AccessToken> => {
    scopes.push(...[scope].flat());
    return { token: 'test-token', expiresOnTimestamp: Date.now() + 3600_000 };
  },
};

let bus: RunningServiceBusFake;
let fake: Awaited<ReturnType<typeof startAzureFake>>;
let state: AzureFakeState;
let provider: CloudProvider;
/** URLs the portal probed itself (drained clouds), and what each probe answers. */
let probed: string[];
let probeOk: boolean;
const now = Date.parse('2026-11-25T12:00:30Z');

beforeAll(async () => {
  bus = await startServiceBusFake({
    queues: ['orders-inbound'],
    maxDeliveryCount: 1,
    lockDurationMs: 500,
  });
});

afterAll(async () => {
  await bus.stop();
});

beforeEach(async () => {
  const fiveMinutes = alignedWindow(300, 60, now).start.toISOString();
  state = {
    metrics: {
      [azureNames('orders', SUBSCRIPTION).appInsights]: {
        'requests/count': [{ data: [{ timeStamp: fiveMinutes, count: 600 }] }],
        'requests/failed': [{ data: [{ timeStamp: fiveMinutes, count: 6 }] }],
      },
      [azureNames('payments', SUBSCRIPTION).appInsights]: {
        'requests/count': [{ data: [{ timeStamp: fiveMinutes, count: 30 }] }],
      },
    },
    originGroups: {
      [`${frontDoorId('orders')}/originGroups/clouds`]: [
        {
          name: 'aws',
          hostName: 'orders-aws.example.com',
          weight: 500,
          enabledState: 'Enabled',
          // As the REST API reference's example of a provisioned origin shows it.
          provisioningState: 'Succeeded',
          deploymentStatus: 'NotStarted',
        },
        {
          name: 'azure',
          hostName: 'orders-azure.example.com',
          weight: 500,
          enabledState: 'Enabled',
          provisioningState: 'Succeeded',
          deploymentStatus: 'NotStarted',
        },
      ],
    },
    logs: {
      [azureNames('orders', SUBSCRIPTION).appInsights]: {
        summary: [
          ['latency', 40.2, 31.5, 180.25],
          ['lag', 120, 95, 410],
        ],
      },
      // No request and no lag line in five minutes: Kusto's percentiles of nothing are empty.
      [azureNames('payments', SUBSCRIPTION).appInsights]: {
        summary: [['latency', 'NaN', null, null]],
      },
    },
    profiles: {
      [profileId('orders')]: [
        {
          name: 'aws',
          weight: 50,
          endpointStatus: 'Enabled',
          endpointMonitorStatus: 'Online',
        },
        {
          name: 'azure',
          weight: 50,
          endpointStatus: 'Enabled',
          endpointMonitorStatus: 'Degraded',
        },
      ],
      [profileId('payments')]: [
        {
          name: 'aws',
          weight: 100,
          endpointStatus: 'Enabled',
          endpointMonitorStatus: 'Online',
        },
        {
          name: 'azure',
          weight: 1,
          endpointStatus: 'Disabled',
          endpointMonitorStatus: 'Disabled',
        },
      ],
    },
    queueCounts: async name => {
      const res = await fetch(`${bus.adminUrl}/queues/${name}`);
      if (!res.ok) return undefined;
      return (await res.json()) as { active: number; deadLettered: number };
    },
  };
  fake = await startAzureFake(state);
  const clients = clientsOf(fake);
  probed = [];
  probeOk = true;
  const probe = async (url: string) => {
    probed.push(url);
    return {
      ok: probeOk,
      latencyMs: probeOk ? 12 : null,
      message: `${url} answered ${probeOk ? 200 : 503}`,
    };
  };
  const metrics = new MonitorMetricsBatcher(clients);
  provider = new CloudProvider(
    {
      'traffic-manager': new TrafficManagerRouting(clients, { probe }),
      'front-door': new FrontDoorRouting(clients, metrics, {
        now: () => now,
        probe,
      }),
    },
    {
      azure: new AzureSide(
        metrics,
        new AppInsightsLogs(clients, { now: () => now }),
        new ServiceBusQueues(clients),
        () => now,
      ),
    },
    () => now,
  );
});

afterEach(async () => {
  await fake.stop();
});

function clientsOf(azure: typeof fake) {
  const clients = new AzureClientFactory(() => credential, {
    endpoints: {
      resourceManager: azure.endpoint,
      metrics: azure.endpoint,
      logs: `${azure.endpoint}/v1`,
      serviceBus: azure.host,
    },
    tls: { ca: azure.ca },
  });
  // AMQP to the Service Bus fake needs its emulator connection string (plain AMQP, no TLS);
  // production builds the same client from the namespace and the subscription's credential.
  clients.serviceBus = () => new ServiceBusClient(bus.connectionString);
  return clients;
}

describe('Traffic Manager routing', () => {
  it('reads weights and health from the endpoints, every profile of a subscription in one listing', async () => {
    const [orders, payments, health] = await Promise.all([
      provider.traffic.getWeights(location('orders')),
      provider.traffic.getWeights(location('payments')),
      provider.health.getHealth(location('orders')),
    ]);
    expect(orders).toEqual({ aws: 50, azure: 50 });
    // A disabled endpoint is a drained cloud: weight 0, though Traffic Manager stores 1.
    expect(payments).toEqual({ aws: 100, azure: 0 });
    expect(health.map(h => (h.ok ? h.data.health : h.error.message))).toEqual([
      'healthy',
      'unhealthy',
    ]);
    expect(fake.calls.listProfiles).toBe(1);
    expect(
      fake.requests.every(r => r.authorization === 'Bearer test-token'),
    ).toBe(true);
    // ARM's token audience follows its endpoint, as it must for sovereign clouds.
    expect(scopes).toContain(`${fake.endpoint}/.default`);
  });

  it('drains a cloud in one PATCH and reads the result fresh to verify it', async () => {
    const service = location('orders');
    await provider.traffic.setWeights(service, { aws: 0, azure: 100 });
    expect(fake.calls.patchProfile).toBe(1);
    expect(state.profiles[profileId('orders')]).toMatchObject([
      { name: 'aws', weight: 1, endpointStatus: 'Disabled' },
      { name: 'azure', weight: 100, endpointStatus: 'Enabled' },
    ]);
    await expect(
      provider.traffic.isInEffect(service, { aws: 0, azure: 100 }),
    ).resolves.toBe(true);
    await expect(
      provider.traffic.isInEffect(service, { aws: 50, azure: 50 }),
    ).resolves.toBe(false);
    // A disabled endpoint is not probed by Traffic Manager (monitor status `Disabled`): the
    // portal probes the endpoint's target on the profile's monitor protocol, port and path.
    const [aws] = await provider.health.getHealth(service);
    expect(probed).toEqual(['https://aws.example.com:443/health']);
    expect(aws).toMatchObject({
      ok: true,
      data: {
        health: 'healthy',
        lastCheck: { ok: true, latencyMs: 12 },
      },
    });
    probeOk = false;
    const [down] = await provider.health.getHealth(service);
    expect(down).toMatchObject({
      data: { health: 'unhealthy', lastError: expect.stringContaining('503') },
    });
  });

  it('names the missing profile in a per-cloud error, and asks for the annotations it lacks', async () => {
    const health = await provider.health.getHealth(location('missing'));
    expect(health).toEqual([
      expect.objectContaining({
        cloud: 'aws',
        ok: false,
        error: expect.objectContaining({
          message: expect.stringContaining(
            'no Traffic Manager profile tm-missing in resource group rg-routing',
          ),
        }),
      }),
      expect.objectContaining({ cloud: 'azure', ok: false }),
    ]);
    await expect(
      provider.traffic.getWeights({
        ...location('orders'),
        azureRoutingResourceGroup: null,
      }),
    ).rejects.toThrow('multicloud.io/azure-routing-resource-group');
  });
});

describe('Front Door routing', () => {
  const frontDoor = (serviceId: string): ServiceLocation => ({
    ...location(serviceId),
    routing: 'front-door',
  });

  it('reads weights from the origins and health from their probe success in Azure Monitor', async () => {
    const minute = alignedWindow(60, 60, now).start.toISOString();
    state.metrics[frontDoorId('orders')] = {
      OriginHealthPercentage: [
        {
          dimensions: { Origin: 'orders-aws.example.com' },
          data: [{ timeStamp: minute, average: 100 }],
        },
        {
          dimensions: { Origin: 'orders-azure.example.com' },
          data: [{ timeStamp: minute, average: 40 }],
        },
      ],
    };
    await expect(
      provider.traffic.getWeights(frontDoor('orders')),
    ).resolves.toEqual({
      aws: 50,
      azure: 50,
    });
    const health = await provider.health.getHealth(frontDoor('orders'));
    expect(health.map(h => (h.ok ? h.data.health : h.error.message))).toEqual([
      'healthy',
      'unhealthy',
    ]);
    expect(health[1]).toMatchObject({
      data: {
        lastCheck: { message: expect.stringContaining('40% of health probes') },
      },
    });
  });

  it('raises the target before draining the source, and waits for both deployments', async () => {
    const service = frontDoor('orders');
    await provider.traffic.setWeights(service, { aws: 0, azure: 100 });
    expect(fake.calls.patchOrigin).toEqual(['azure', 'aws']);
    const origins =
      state.originGroups![`${frontDoorId('orders')}/originGroups/clouds`];
    expect(origins).toMatchObject([
      { name: 'aws', weight: 1, enabledState: 'Disabled' },
      { name: 'azure', weight: 1000, enabledState: 'Enabled' },
    ]);
    // ARM is still applying the change.
    expect(origins.map(o => o.provisioningState)).toEqual([
      'Updating',
      'Updating',
    ]);
    await expect(
      provider.traffic.isInEffect(service, { aws: 0, azure: 100 }),
    ).resolves.toBe(false);
    // Provisioned, with the edge deployment still `NotStarted` as the documented payload of a
    // provisioned origin shows: in effect.
    for (const origin of origins) origin.provisioningState = 'Succeeded';
    expect(origins.map(o => o.deploymentStatus)).toEqual([
      'NotStarted',
      'NotStarted',
    ]);
    await expect(
      provider.traffic.isInEffect(service, { aws: 0, azure: 100 }),
    ).resolves.toBe(true);
    // An edge deployment still running holds it back; a failed provisioning is an error.
    origins[0].deploymentStatus = 'InProgress';
    await expect(
      provider.traffic.isInEffect(service, { aws: 0, azure: 100 }),
    ).resolves.toBe(false);
    origins[0].deploymentStatus = 'NotStarted';
    origins[1].provisioningState = 'Failed';
    await expect(
      provider.traffic.isInEffect(service, { aws: 0, azure: 100 }),
    ).rejects.toThrow('provisioningState Failed');
    origins[1].provisioningState = 'Succeeded';
    await expect(provider.traffic.getWeights(service)).resolves.toEqual({
      aws: 0,
      azure: 100,
    });
    // Front Door does not probe the drained AWS origin: the portal probes it on the origin
    // group's probe settings, so a failback can pass the target-healthy rule.
    const [aws] = await provider.health.getHealth(service);
    expect(probed).toEqual(['https://orders-aws.example.com/health']);
    expect(aws).toMatchObject({
      data: {
        health: 'healthy',
        lastCheck: { ok: true, message: expect.stringContaining('drained') },
      },
    });
    probeOk = false;
    const [stillDown] = await provider.health.getHealth(service);
    expect(stillDown).toMatchObject({ data: { health: 'unhealthy' } });
  });

  it('says which origin is missing', async () => {
    state.originGroups![`${frontDoorId('orders')}/originGroups/clouds`].pop();
    await expect(
      provider.traffic.getWeights(frontDoor('orders')),
    ).rejects.toThrow('no origin named "azure"');
  });
});

describe('the Azure side', () => {
  it('reads request figures from Application Insights metrics (many services in one call) and percentiles from its logs', async () => {
    const [orders, payments] = await Promise.all([
      provider.metrics.getCurrent(location('orders')),
      provider.metrics.getCurrent(location('payments')),
    ]);
    const azure = (r: typeof orders) => r.find(c => c.cloud === 'azure');
    expect(azure(orders)).toEqual({
      cloud: 'azure',
      ok: true,
      data: {
        requestsPerSecond: 2,
        errorRate: 0.01,
        latencyP50Ms: 31.5,
        latencyP99Ms: 180.3,
        failedAtRouterPerSecond: null,
        asOf: alignedWindow(300, 60, now).end.toISOString(),
      },
    });
    expect(azure(payments)).toEqual({
      cloud: 'azure',
      ok: true,
      data: {
        requestsPerSecond: 0.1,
        errorRate: 0,
        latencyP50Ms: null,
        latencyP99Ms: null,
        failedAtRouterPerSecond: null,
        asOf: alignedWindow(300, 60, now).end.toISOString(),
      },
    });
    expect(fake.calls.metrics).toBe(1);
    expect(fake.logQueries).toEqual([
      expect.objectContaining({
        resourceId: azureNames('orders', SUBSCRIPTION).appInsights,
        query: figuresQuery(),
        timespan: 'PT5M',
      }),
      expect.objectContaining({
        resourceId: azureNames('payments', SUBSCRIPTION).appInsights,
      }),
    ]);
    // The log figures are kept a minute: the replication read that follows asks no new query.
    const replication = await provider.replication.getReplication(
      location('orders'),
    );
    expect(replication.find(c => c.cloud === 'azure')).toMatchObject({
      ok: true,
      data: {
        // The inbound queue is empty: nothing waits, the lag is the applied one.
        replicationLag: {
          currentMs: 120,
          appliedMs: 120,
          oldestWaitingMs: 0,
          p50Ms: 95,
          p99Ms: 410,
        },
      },
    });
    expect(fake.calls.logs).toBe(2);
    // Without an AWS side configured, AWS is an error entry, not a failed read.
    expect(orders.find(c => c.cloud === 'aws')).toMatchObject({ ok: false });
  });

  it("reads the redriver's counts and the reconciler's last round from their log lines", async () => {
    const ago = (minutes: number, seconds = 0) =>
      new Date(now - minutes * 60_000 - seconds * 1000).toISOString();
    state.logs[azureNames('orders', SUBSCRIPTION).appInsights].recovery = [
      // A round 22 minutes ago, and the last one 7 minutes ago: two steps seconds apart.
      [ago(22), 'AntiEntropyCompared', 900],
      [ago(22), 'AntiEntropyDiverged', 0],
      [ago(22), 'AntiEntropyRepaired', 0],
      [ago(7, 4), 'AntiEntropyCompared', 1000],
      [ago(7, 4), 'AntiEntropyDiverged', 2],
      [ago(7, 4), 'AntiEntropyRepaired', 0],
      [ago(7), 'AntiEntropyCompared', 3],
      [ago(7), 'AntiEntropyDiverged', 1],
      [ago(7), 'AntiEntropyRepaired', 3],
      // The redriver's last two runs.
      [ago(2), 'DeadLettersRedriven', 5],
      [ago(2), 'DeadLettersAwaitingPerson', 0],
      [ago(1), 'DeadLettersRedriven', 1],
      [ago(1), 'DeadLettersAwaitingPerson', 1],
    ];
    const recovery = await provider.replication.getRecovery(location('orders'));
    expect(recovery.find(c => c.cloud === 'azure')).toEqual({
      cloud: 'azure',
      ok: true,
      data: {
        deadLetters: { awaitingPerson: 1, redrivenLastHour: 6, asOf: ago(1) },
        antiEntropy: {
          compared: 1003,
          diverged: 3,
          repaired: 3,
          at: ago(7),
        },
      },
    });
    expect(fake.logQueries).toEqual([
      expect.objectContaining({
        resourceId: azureNames('orders', SUBSCRIPTION).appInsights,
        query: RECOVERY_QUERY,
        timespan: 'PT1H',
      }),
    ]);
    // Kept a minute, as the other log figures are.
    await provider.replication.getRecovery(location('orders'));
    expect(fake.calls.logs).toBe(1);
  });

  it('draws the inbound queue of the namespace-wide queue metrics, and latency and lag from logs', async () => {
    const window = alignedWindow(3600, 60, now);
    const at = (minutesBeforeEnd: number) =>
      new Date(window.end.getTime() - minutesBeforeEnd * 60_000).toISOString();
    state.metrics[azureNames('orders', SUBSCRIPTION).serviceBus.resourceId] = {
      ActiveMessages: [
        {
          dimensions: { EntityName: 'other-inbound' },
          data: [{ timeStamp: at(2), maximum: 99 }],
        },
        {
          dimensions: { EntityName: 'orders-inbound' },
          data: [{ timeStamp: at(2), maximum: 7 }],
        },
      ],
      DeadletteredMessages: [
        {
          dimensions: { EntityName: 'orders-inbound' },
          data: [{ timeStamp: at(1), maximum: 3 }],
        },
      ],
    };
    state.logs[azureNames('orders', SUBSCRIPTION).appInsights].bins = [
      ['latency', 30, 25, 90, at(3)],
      ['lag', 200, 150, 640, at(3)],
      ['lag', null, null, null, at(2)],
    ];
    const { stepSeconds, clouds } = await provider.metrics.getSeries(
      location('orders'),
      '1h',
    );
    expect(fake.logQueries.at(-1)).toMatchObject({
      query: figuresQuery(60),
      timespan: `${window.start.toISOString()}/${window.end.toISOString()}`,
    });
    expect(stepSeconds).toBe(60);
    const azure = clouds.find(c => c.cloud === 'azure');
    if (!azure?.ok)
      throw new Error(`no Azure series: ${JSON.stringify(azure)}`);
    const {
      queueDepth,
      deadLetterDepth,
      requests,
      latencyP50Ms,
      latencyP99Ms,
      replicationLagMs,
    } = azure.data.series;
    expect(latencyP50Ms.filter(p => p.v !== null)).toEqual([
      { t: at(3), v: 25 },
    ]);
    expect(latencyP99Ms.find(p => p.t === at(3))?.v).toBe(90);
    expect(replicationLagMs.filter(p => p.v !== null)).toEqual([
      { t: at(3), v: 640 },
    ]);
    expect(queueDepth).toHaveLength(60);
    expect(queueDepth.find(p => p.t === at(2))?.v).toBe(7);
    expect(deadLetterDepth.find(p => p.t === at(1))?.v).toBe(3);
    // 600 requests in the five minutes of the Application Insights fixture, per second of a step.
    expect(requests.filter(p => p.v !== 0)).toEqual([
      { t: alignedWindow(300, 60, now).start.toISOString(), v: 10 },
    ]);
  });

  it('turns the lag into the wait of the oldest message while the inbound queue is not drained', async () => {
    const client = new ServiceBusClient(bus.connectionString);
    const sender = client.createSender('orders-inbound');
    await sender.sendMessages({ body: { id: 'stuck' }, messageId: 'stuck' });
    // The fake does not imitate $management operations (peek): the enqueued time a peek
    // returns is stood in for, the depth is the fake's own.
    const queues = new ServiceBusQueues(clientsOf(fake));
    const peeked: string[] = [];
    queues.oldestEnqueuedAt = async queue => {
      peeked.push(queue.queue);
      return new Date(now - 57_000);
    };
    const side = new AzureSide(
      new MonitorMetricsBatcher(clientsOf(fake)),
      new AppInsightsLogs(clientsOf(fake), { now: () => now }),
      queues,
      () => now,
    );
    const reading = await side.replication(location('orders'));
    expect(peeked).toEqual(['orders-inbound']);
    expect(reading).toMatchObject({
      queueDepth: 1,
      replicationLag: {
        currentMs: 57_000,
        appliedMs: 120,
        oldestWaitingMs: 57_000,
      },
      asOf: new Date(now).toISOString(),
    });
    const receiver = client.createReceiver('orders-inbound');
    for (const m of await receiver.receiveMessages(1, {
      maxWaitTimeInMs: 2000,
    }))
      await receiver.completeMessage(m);
    await client.close();
  });

  it('moves dead letters back to the inbound queue and reports what remains', async () => {
    const client = new ServiceBusClient(bus.connectionString);
    const sender = client.createSender('orders-inbound');
    await sender.sendMessages(
      ['a', 'b', 'c'].map(id => ({
        body: { id },
        messageId: id,
        contentType: 'application/json',
      })),
    );
    const receiver = client.createReceiver('orders-inbound');
    const received = await receiver.receiveMessages(3, {
      maxWaitTimeInMs: 2000,
    });
    for (const message of received)
      await receiver.deadLetterMessage(message, {
        deadLetterReason: 'test',
        deadLetterErrorDescription: 'poisoned on purpose',
      });
    const before = await provider.replication.getReplication(
      location('orders'),
    );
    expect(before.find(c => c.cloud === 'azure')).toMatchObject({
      ok: true,
      data: { queueDepth: 0, deadLetterDepth: 3 },
    });

    const result = await provider.replication.replayDeadLetters(
      location('orders'),
      'azure',
    );
    expect(result).toEqual({ cloud: 'azure', replayed: 3, remaining: 0 });
    const again = await receiver.receiveMessages(3, { maxWaitTimeInMs: 2000 });
    expect(again.map(m => m.messageId).sort()).toEqual(['a', 'b', 'c']);
    expect(again.map(m => m.body)).toContainEqual({ id: 'b' });
    // The reasons stay behind: a replayed event refused again is judged afresh.
    expect(again.map(m => m.applicationProperties)).toEqual([{}, {}, {}]);
    for (const message of again) await receiver.completeMessage(message);
    await client.close();
  });

  it("lists dead letters with the redriver's recorded reason before Service Bus's, leaving them in place", async () => {
    const client = new ServiceBusClient(bus.connectionString);
    await client.createSender('orders-inbound').sendMessages([
      { body: JSON.stringify({ key: 'poison-1' }), messageId: 'p' },
      { body: JSON.stringify({ key: 'late-1' }), messageId: 'l' },
    ]);
    const receiver = client.createReceiver('orders-inbound');
    const received = await receiver.receiveMessages(2, {
      maxWaitTimeInMs: 2000,
    });
    for (const message of received)
      await receiver.deadLetterMessage(message, {
        deadLetterReason: 'MaxDeliveryCountExceeded',
        deadLetterErrorDescription: 'delivered 10 times',
      });
    // What the redriver does with a letter it found refused (runtime ServiceBusDeadLetterQueue).
    const dead = client.createReceiver('orders-inbound', {
      subQueueType: 'deadLetter',
    });
    const [poison] = (
      await dead.receiveMessages(2, { maxWaitTimeInMs: 2000 })
    ).filter(m => m.messageId === 'p');
    await dead.abandonMessage(poison, {
      RefusedReason: 'remote version v was 3600000 ms ahead',
    });

    const letters = await provider.replication.listDeadLetters(
      location('orders'),
      'azure',
      20,
    );
    expect(
      letters
        .map(l => ({ key: l.key, reason: l.reason }))
        .sort((a, b) => String(a.key).localeCompare(String(b.key))),
    ).toEqual([
      { key: 'late-1', reason: 'MaxDeliveryCountExceeded' },
      { key: 'poison-1', reason: 'remote version v was 3600000 ms ahead' },
    ]);
    // Still there for a replay.
    const depth = await provider.replication.getReplication(location('orders'));
    expect(depth.find(c => c.cloud === 'azure')).toMatchObject({
      data: { deadLetterDepth: 2 },
    });
    await provider.replication.replayDeadLetters(location('orders'), 'azure');
    for (const m of await receiver.receiveMessages(2, {
      maxWaitTimeInMs: 2000,
    }))
      await receiver.completeMessage(m);
    await client.close();
  });
});

it('refuses a second replay of the same queue while one runs', async () => {
  const first = provider.replication.replayDeadLetters(
    location('orders'),
    'azure',
  );
  await expect(
    provider.replication.replayDeadLetters(location('orders'), 'azure'),
  ).rejects.toMatchObject({ name: 'ConflictError' });
  await expect(first).resolves.toEqual({
    cloud: 'azure',
    replayed: 0,
    remaining: 0,
  });
});

describe('createCloudProvider', () => {
  it('serves Traffic Manager and the Azure side when multicloud.azure is configured, even without AWS', async () => {
    const cloud = createCloudProvider(
      new ConfigReader({
        multicloud: {
          azure: {
            subscriptions: [
              {
                subscriptionId: SUBSCRIPTION,
                tenantId: 't',
                clientId: 'c',
                clientSecret: 's',
              },
            ],
          },
        },
      }),
    );
    expect(cloud?.name).toBe('cloud');
    // Route53 is an AWS routing: not served without multicloud.aws.
    await expect(
      cloud!.traffic.getWeights({ ...location('orders'), routing: 'route53' }),
    ).rejects.toThrow('does not support yet');
  });
});
