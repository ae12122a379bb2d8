import request from 'supertest';
import {
  THREE_CLOUD_PROVIDER,
  THREE_CLOUDS,
  threeCloudProvider,
  startThreeCloudBackend,
} from './threeCloudProvider';

const svc = '/api/multicloud/services/component/default/orders';

describe('a third cloud added through multicloudProvidersExtensionPoint', () => {
  it('shows three clouds in the status, in the provider order, with the third cloud region', async () => {
    const { provider } = threeCloudProvider();
    const { server } = await startThreeCloudBackend(provider);
    const { status, body } = await request(server).get(`${svc}/status`);
    expect(status).toBe(200);
    expect(body.provider).toBe(THREE_CLOUD_PROVIDER);
    expect(body.cloudInfo).toEqual(THREE_CLOUDS);
    expect(
      body.clouds.map((c: any) => [c.cloud, c.data.region, c.data.weight]),
    ).toEqual([
      ['aws', 'eu-west-1', 50],
      ['azure', 'westeurope', 50],
      ['gcp', 'europe-west1', 0],
    ]);
  });

  it('gives the metrics of three clouds', async () => {
    const { provider } = threeCloudProvider();
    const { server } = await startThreeCloudBackend(provider);
    const { status, body } = await request(server).get(
      `${svc}/metrics?range=1h`,
    );
    expect(status).toBe(200);
    expect(body.cloudInfo).toEqual(THREE_CLOUDS);
    expect(body.clouds.map((c: any) => [c.cloud, c.ok])).toEqual([
      ['aws', true],
      ['azure', true],
      ['gcp', true],
    ]);
  });

  it('plans a failover to the third cloud and an even split across three', async () => {
    const { provider } = threeCloudProvider();
    const { server } = await startThreeCloudBackend(provider);
    const toGcp = await request(server)
      .post(`${svc}/failover/plan`)
      .send({ target: 'gcp', reason: 'drill' });
    expect(toGcp.status).toBe(200);
    expect(toGcp.body).toMatchObject({
      allowed: true,
      current: { aws: 50, azure: 50, gcp: 0 },
      desired: { aws: 0, azure: 0, gcp: 100 },
      targetHealth: { aws: 'healthy', azure: 'healthy', gcp: 'healthy' },
    });
    expect(
      Object.fromEntries(
        toGcp.body.checks.map((c: any) => [c.rule, [c.ok, c.message]]),
      ),
    ).toEqual({
      'weights-valid': [
        true,
        'AWS 0% / Azure 0% / Google Cloud 100% adds up to 100',
      ],
      'at-least-one-on': [true, 'traffic keeps going to Google Cloud'],
      'target-healthy': [true, 'Google Cloud is healthy'],
      'one-at-a-time': [true, 'no other failover of this service is running'],
    });
    expect(JSON.parse(toGcp.body.gitops.content)).toEqual({
      weights: { aws: 0, azure: 0, gcp: 100 },
    });

    const split = await request(server)
      .post(`${svc}/failover/plan`)
      .send({ target: 'split', reason: 'restore' });
    expect(split.status).toBe(200);
    expect(split.body.desired).toEqual({ aws: 34, azure: 33, gcp: 33 });
  });

  it('moves the fake routing weights in an executed failover to the third cloud', async () => {
    const { provider, state } = threeCloudProvider();
    const { server } = await startThreeCloudBackend(provider);
    const started = await request(server)
      .post(`${svc}/failover`)
      .send({ target: 'gcp', reason: 'AWS and Azure degraded' });
    expect(started.status).toBe(202);
    let record = started.body;
    for (let i = 0; i < 100 && record.outcome === 'running'; i++) {
      await new Promise(r => setTimeout(r, 50));
      record = (await request(server).get(`${svc}/failover/${record.id}`)).body;
    }
    expect(record).toMatchObject({
      outcome: 'succeeded',
      from: { aws: 50, azure: 50, gcp: 0 },
      to: { aws: 0, azure: 0, gcp: 100 },
    });
    expect(record.steps[0].message).toBe(
      'AWS 50% / Azure 50% / Google Cloud 0% → AWS 0% / Azure 0% / Google Cloud 100%',
    );
    expect(state.setCalls).toEqual([{ aws: 0, azure: 0, gcp: 100 }]);
    expect(state.weights).toEqual({ aws: 0, azure: 0, gcp: 100 });
  });

  it('refuses a cloud the service does not run on with a 400 that names its clouds, and moves nothing', async () => {
    const { provider, state } = threeCloudProvider();
    const { server } = await startThreeCloudBackend(provider);
    const unknown = await request(server)
      .post(`${svc}/failover`)
      .send({ target: 'oci', reason: 'typo' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      'unknown failover target "oci": the service runs on aws, azure, gcp, so the target must be one of aws, azure, gcp, split',
    );
    const twoOfThree = await request(server)
      .post(`${svc}/failover/plan`)
      .send({ target: 'split', weights: { aws: 50, azure: 50 }, reason: 'x' });
    expect(twoOfThree.status).toBe(400);
    expect(twoOfThree.body.error.message).toMatch(/missing: gcp/);
    const dlq = await request(server).get(`${svc}/dlq/oci`);
    expect(dlq.status).toBe(400);
    expect(state.setCalls).toEqual([]);
  });

  it('lists and replays the dead letters of the third cloud', async () => {
    const { provider, state } = threeCloudProvider();
    const { server } = await startThreeCloudBackend(provider);
    const list = await request(server).get(`${svc}/dlq/gcp`);
    expect(list.body).toEqual({
      cloud: 'gcp',
      letters: [{ id: 'gcp-1', key: 'orders/1', reason: 'poison' }],
    });
    const replay = await request(server).post(`${svc}/dlq/gcp/replay`);
    expect(replay.body).toEqual({ cloud: 'gcp', replayed: 1, remaining: 0 });
    expect(state.queueDepth.gcp).toBe(1);
  });

  it('refuses to start when two modules add providers of the same name', async () => {
    await expect(
      startThreeCloudBackend(
        threeCloudProvider().provider,
        threeCloudProvider().provider,
      ),
    ).rejects.toThrow(
      `two multi-cloud providers are named "${THREE_CLOUD_PROVIDER}"`,
    );
  });
});
