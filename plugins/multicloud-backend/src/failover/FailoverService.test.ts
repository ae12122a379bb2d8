import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  fakeProvider,
  ordersLocation,
  recordingAuditor,
} from '../__testUtils__/fakeProvider';
import { FailoverService } from './FailoverService';
import { FailoverStore } from './FailoverStore';

// PostgreSQL comes from scripts/lib/postgres.sh, which `npm test` starts; `npm test` sets
// MULTICLOUD_REQUIRE_POSTGRES so a missing server fails the run instead of shrinking it.
const postgresId = process.env.MULTICLOUD_TEST_POSTGRES as
  | TestDatabaseId
  | undefined;
const ids: TestDatabaseId[] = ['SQLITE_3', ...(postgresId ? [postgresId] : [])];
const databases = TestDatabases.create({ ids, disableDocker: true });

it('runs on PostgreSQL as well as sqlite when the test run asks for it', () => {
  const required = Boolean(process.env.MULTICLOUD_REQUIRE_POSTGRES);
  expect(required ? databases.eachSupportedId().length : 2).toBe(2);
});

describe.each(databases.eachSupportedId())('FailoverService on %s', id => {
  async function setup() {
    const knex = await databases.init(id);
    const store = await FailoverStore.create(knex);
    const { auditor, events } = recordingAuditor();
    const service = new FailoverService({
      store,
      auditor,
      logger: mockServices.logger.mock(),
      verifyTimeoutMs: 1_000,
      verifyIntervalMs: 20,
    });
    const { provider, state } = fakeProvider();
    const ctx = { provider, service: ordersLocation, serviceName: 'orders' };
    return { knex, store, service, events, provider, state, ctx };
  }

  it('executes, verifies and records a failover, and audits it', async () => {
    const { service, state, ctx, events } = await setup();
    state.propagationPolls = 3;
    const result = await service.execute({
      ...ctx,
      request: { target: 'azure', reason: 'AWS degraded' },
      actor: 'user:default/olivia',
    });
    expect(result.started).toBe(true);
    await service.drain();
    const [record] = await service.history(ordersLocation.entityRef);
    expect(record).toMatchObject({
      outcome: 'succeeded',
      actor: 'user:default/olivia',
      from: { aws: 50, azure: 50 },
      to: { aws: 0, azure: 100 },
      error: null,
    });
    expect(record.steps.map(s => [s.name, s.state])).toEqual([
      ['plan', 'done'],
      ['safety', 'done'],
      ['execute', 'done'],
      ['verify', 'done'],
      ['commit', 'skipped'],
      ['record', 'done'],
    ]);
    expect(record.finishedAt).not.toBeNull();
    expect(state.weights).toEqual({ aws: 0, azure: 100 });
    expect(events).toEqual([
      expect.objectContaining({ eventId: 'failover', result: 'success' }),
    ]);
  });

  it('says when the traffic changed, and a failure to listen never fails the failover', async () => {
    const { store, state, ctx } = await setup();
    const told: string[] = [];
    const service = new FailoverService({
      store,
      auditor: recordingAuditor().auditor,
      logger: mockServices.logger.mock(),
      verifyTimeoutMs: 1_000,
      verifyIntervalMs: 20,
      onTrafficChanged: async ({ service: location }) => {
        told.push(`${location.entityRef} ${JSON.stringify(state.weights)}`);
        throw new Error('cache unreachable');
      },
    });
    await service.execute({
      ...ctx,
      request: { target: 'azure', reason: 'AWS degraded' },
      actor: 'user:default/olivia',
    });
    await service.drain();
    // Once the routing took the weights, once they were in effect.
    expect(told).toEqual([
      `${ordersLocation.entityRef} {"aws":0,"azure":100}`,
      `${ordersLocation.entityRef} {"aws":0,"azure":100}`,
    ]);
    const [record] = await service.history(ordersLocation.entityRef);
    expect(record.outcome).toBe('succeeded');
  });

  it('lets exactly one of two concurrent failovers of a service run', async () => {
    const { service, ctx, state } = await setup();
    state.propagationPolls = 5;
    const [a, b] = await Promise.all([
      service.execute({
        ...ctx,
        request: { target: 'azure', reason: 'a' },
        actor: 'user:default/a',
      }),
      service.execute({
        ...ctx,
        request: { target: 'aws', reason: 'b' },
        actor: 'user:default/b',
      }),
    ]);
    expect([a.started, b.started].sort()).toEqual([false, true]);
    const refused = [a, b].find(r => !r.started);
    expect(refused).toMatchObject({
      message: expect.stringMatching(/still running/),
    });
    await service.drain();
    expect(state.setCalls).toHaveLength(1);
    const outcomes = (await service.history(ordersLocation.entityRef))
      .map(r => r.outcome)
      .sort();
    expect(outcomes).toEqual(['refused', 'succeeded']);
  });

  it('refuses an unhealthy target, records and audits the refusal, and changes nothing', async () => {
    const { service, ctx, state, events } = await setup();
    state.health.azure = 'unhealthy';
    const result = await service.execute({
      ...ctx,
      request: { target: 'azure', reason: 'x' },
      actor: 'user:default/olivia',
    });
    expect(result.started).toBe(false);
    expect(state.setCalls).toHaveLength(0);
    const [record] = await service.history(ordersLocation.entityRef);
    expect(record.outcome).toBe('refused');
    expect(record.error).toMatch(/Azure is unhealthy/);
    expect(events[0]).toMatchObject({ result: 'fail' });
  });

  it('fails with the reason when the weights never take effect, and frees the lock', async () => {
    const { service, ctx, state, store } = await setup();
    state.propagationPolls = Number.MAX_SAFE_INTEGER;
    await service.execute({
      ...ctx,
      request: { target: 'azure', reason: 'x' },
      actor: 'user:default/olivia',
    });
    await service.drain();
    const [record] = await service.history(ordersLocation.entityRef);
    expect(record.outcome).toBe('failed');
    expect(record.error).toMatch(/not in effect after 1 s/);
    expect(record.steps.find(s => s.name === 'verify')?.state).toBe('failed');
    expect(record.steps.find(s => s.name === 'record')?.state).toBe('skipped');
    expect(await store.lockHolder(ordersLocation.entityRef)).toBeNull();
  });

  it('records a routing API error in the execute step', async () => {
    const { service, ctx, state } = await setup();
    state.failSetWeights = 'Route53 throttled the change';
    await service.execute({
      ...ctx,
      request: { target: 'azure', reason: 'x' },
      actor: 'user:default/olivia',
    });
    await service.drain();
    const [record] = await service.history(ordersLocation.entityRef);
    expect(record.outcome).toBe('failed');
    expect(record.steps.find(s => s.name === 'execute')).toMatchObject({
      state: 'failed',
      message: 'Route53 throttled the change',
    });
  });

  it('marks a failover a stopped backend left running as failed and frees its lock', async () => {
    const { store, service } = await setup();
    const startedAt = (ageMs: number) =>
      new Date(Date.now() - ageMs).toISOString();
    const running = (failoverId: string, ageMs: number) => ({
      id: failoverId,
      entityRef: `component:default/${failoverId}`,
      actor: 'user:default/olivia',
      reason: 'x',
      target: 'azure' as const,
      forced: false,
      from: { aws: 50, azure: 50 },
      to: { aws: 0, azure: 100 },
      outcome: 'running' as const,
      steps: [
        {
          name: 'verify' as const,
          state: 'running' as const,
          startedAt: startedAt(ageMs),
          finishedAt: null,
          message: null,
        },
      ],
      error: null,
      gitops: null,
      commit: null,
      routingChange: null,
      startedAt: startedAt(ageMs),
      finishedAt: null,
    });
    // One left by a backend that died an hour ago, one another replica is running right now.
    await store.insert(running('dead', 3_600_000));
    await store.lock('component:default/dead', 'dead');
    await store.insert(running('alive', 100));
    await store.lock('component:default/alive', 'alive');

    expect(await service.recoverUnfinished()).toEqual({ resumed: 0, cut: 1 });
    const [dead] = await service.history('component:default/dead');
    expect(dead.outcome).toBe('failed');
    expect(dead.error).toMatch(/backend stopped/);
    expect(dead.steps[0].state).toBe('failed');
    expect(await store.lockHolder('component:default/dead')).toBeNull();
    const [alive] = await service.history('component:default/alive');
    expect(alive.outcome).toBe('running');
    expect(await store.lockHolder('component:default/alive')).toBe('alive');
  });

  it('keeps a finished attempt final: a late write of a backend still following it changes nothing', async () => {
    const { service, store, state, ctx } = await setup();
    state.propagationPolls = 1;
    await service.execute({
      ...ctx,
      request: { target: 'azure', reason: 'AWS degraded' },
      actor: 'user:default/olivia',
    });
    const [running] = await service.history(ordersLocation.entityRef);
    const stale = structuredClone(running);
    await service.drain();

    // The copy another backend held while it was still waiting: running, verify not done.
    expect(stale.outcome).toBe('running');
    await expect(store.update(stale)).resolves.toBe(false);
    await expect(
      store.update({ ...stale, outcome: 'failed', error: 'timed out' }),
    ).resolves.toBe(false);
    const [after] = await service.history(ordersLocation.entityRef);
    expect(after.outcome).toBe('succeeded');
    expect(after.steps.find(s => s.name === 'record')?.state).toBe('done');

    // Same outcome, e.g. its commit retried: still written.
    await expect(
      store.update({ ...after, error: 'weights not committed: retried' }),
    ).resolves.toBe(true);
    const [retried] = await service.history(ordersLocation.entityRef);
    expect(retried.error).toBe('weights not committed: retried');
  });

  it('commits the weights once when two backends follow the same attempt (a rolling restart)', async () => {
    const { knex, store, state, ctx } = await setup();
    const commits: string[] = [];
    const committer = {
      commit: async (_target: unknown, record: { id: string }) => {
        commits.push(record.id);
        await new Promise(r => setTimeout(r, 20));
        return {
          state: 'committed' as const,
          kind: 'commit' as const,
          repository: 'orders.git',
          url: null,
          sha: 'abc1234',
          error: null,
          at: new Date().toISOString(),
        };
      },
    } as never;
    const backend = () =>
      new FailoverService({
        store,
        auditor: recordingAuditor().auditor,
        logger: mockServices.logger.mock(),
        committer,
        verifyTimeoutMs: 5_000,
        verifyIntervalMs: 20,
      });
    const draining = backend();
    state.propagationPolls = 1_000_000;
    await draining.execute({
      ...ctx,
      request: { target: 'azure', reason: 'AWS degraded' },
      actor: 'user:default/olivia',
    });
    await new Promise(r => setTimeout(r, 100));
    // A new backend starts on the same database while the old one still waits.
    const starting = new FailoverService({
      store: await FailoverStore.create(knex),
      auditor: recordingAuditor().auditor,
      logger: mockServices.logger.mock(),
      committer,
      verifyTimeoutMs: 5_000,
      verifyIntervalMs: 20,
    });
    await expect(starting.recoverUnfinished(async () => ctx)).resolves.toEqual({
      resumed: 1,
      cut: 0,
    });
    state.propagationPolls = 0;
    await Promise.all([draining.drain(), starting.drain()]);

    expect(commits).toHaveLength(1);
    const [done] = await starting.history(ordersLocation.entityRef);
    expect(done.outcome).toBe('succeeded');
    expect(done.commit?.state).toBe('committed');
    expect(await store.lockHolder(ordersLocation.entityRef)).toBeNull();
  });

  it('keeps the routing change with the attempt and, after a restart, resumes waiting for it', async () => {
    const { store, service, ctx, state, knex } = await setup();
    state.propagationPolls = 1_000_000;
    await service.execute({
      ...ctx,
      request: { target: 'azure', reason: 'AWS degraded' },
      actor: 'user:default/olivia',
    });
    // The routing accepted the change; the backend stops while it propagates.
    await new Promise(r => setTimeout(r, 100));
    const [stored] = await service.history(ordersLocation.entityRef);
    expect(stored).toMatchObject({
      outcome: 'running',
      routingChange: 'change-1',
    });
    expect(stored.steps.find(s => s.name === 'verify')?.state).toBe('running');

    // A new backend on the same database: the change is now in sync.
    const { auditor } = recordingAuditor();
    const restarted = new FailoverService({
      store: await FailoverStore.create(knex),
      auditor,
      logger: mockServices.logger.mock(),
      verifyTimeoutMs: 1_000,
      verifyIntervalMs: 20,
    });
    state.propagationPolls = 0;
    state.changesAsked.length = 0;
    await expect(
      restarted.recoverUnfinished(async ref =>
        ref === ordersLocation.entityRef ? ctx : null,
      ),
    ).resolves.toEqual({ resumed: 1, cut: 0 });
    // The first backend, still running in this test, sees the change in sync too; whichever of
    // the two claims the last steps first finishes the attempt, once.
    await Promise.all([restarted.drain(), service.drain()]);
    const [done] = await restarted.history(ordersLocation.entityRef);
    expect(done.outcome).toBe('succeeded');
    expect(state.changesAsked[0]).toBe('change-1');
    expect(await store.lockHolder(ordersLocation.entityRef)).toBeNull();
  });
  describe('a backend that stops while another runs', () => {
    const wait = (ms: number) => new Promise(r => setTimeout(r, ms));
    const backend = (
      store: FailoverStore,
      options: { heartbeatMs?: number; staleAfterMs?: number } = {},
    ) =>
      new FailoverService({
        store,
        auditor: recordingAuditor().auditor,
        logger: mockServices.logger.mock(),
        verifyTimeoutMs: 10_000,
        verifyIntervalMs: 20,
        ...options,
      });
    const failover = {
      request: { target: 'azure' as const, reason: 'AWS degraded' },
      actor: 'user:default/olivia',
    };

    it('is taken over once its heartbeat is stale, never while it beats', async () => {
      const { store, state, ctx } = await setup();
      // A backend that dies at some moment: from then on, nothing it does reaches the database
      // (its calls never return), as the others see a dead backend.
      let dead = false;
      const deadStore = new Proxy(store, {
        get(target, property) {
          const value = Reflect.get(target, property);
          return typeof value === 'function'
            ? (...args: unknown[]) =>
                dead ? new Promise(() => {}) : value.apply(target, args)
            : value;
        },
      });
      const first = backend(deadStore, { heartbeatMs: 20 });
      const second = backend(store, { staleAfterMs: 300 });
      state.propagationPolls = Number.MAX_SAFE_INTEGER;
      await first.execute({ ...ctx, ...failover });

      await wait(400);
      await expect(second.sweep(async () => ctx)).resolves.toEqual({
        resumed: 0,
        cut: 0,
        locksFreed: 0,
      });

      dead = true;
      await wait(400);
      await expect(second.sweep(async () => ctx)).resolves.toEqual({
        resumed: 1,
        cut: 0,
        locksFreed: 0,
      });
      // Taken over once: a second sweep finds it beating for the second backend.
      await expect(second.sweep(async () => ctx)).resolves.toMatchObject({
        resumed: 0,
      });
      state.propagationPolls = 0;
      await second.drain();
      const [done] = await second.history(ordersLocation.entityRef);
      expect(done.outcome).toBe('succeeded');
      expect(await store.lockHolder(ordersLocation.entityRef)).toBeNull();
    });

    it('cuts short a stale attempt the routing had not accepted, and frees its lock', async () => {
      const { knex, store, state, ctx } = await setup();
      const first = backend(store);
      state.propagationPolls = Number.MAX_SAFE_INTEGER;
      await first.execute({ ...ctx, ...failover });
      await wait(50);
      const [running] = await first.history(ordersLocation.entityRef);
      // As a backend leaves it that dies inside the routing's call: execute running, beat old.
      await store.update({
        ...running,
        steps: running.steps.map(s => {
          if (s.name === 'execute')
            return { ...s, state: 'running', finishedAt: null };
          if (s.name === 'verify')
            return {
              ...s,
              state: 'pending',
              startedAt: null,
              finishedAt: null,
            };
          return s;
        }),
      });
      await knex('multicloud_failovers')
        .where({ id: running.id })
        .update({
          followed_by: 'a-backend-that-stopped',
          followed_at: new Date(Date.now() - 60_000).toISOString(),
        });

      const second = backend(store, { staleAfterMs: 30_000 });
      await expect(second.sweep(async () => ctx)).resolves.toEqual({
        resumed: 0,
        cut: 1,
        locksFreed: 0,
      });
      const [cut] = await second.history(ordersLocation.entityRef);
      expect(cut.outcome).toBe('failed');
      expect(cut.error).toMatch(/backend stopped/);
      expect(cut.steps.find(s => s.name === 'execute')?.state).toBe('failed');
      expect(await store.lockHolder(ordersLocation.entityRef)).toBeNull();
      // The first backend, still waiting in this test, neither commits nor revives it.
      state.propagationPolls = 0;
      await first.drain();
      const [after] = await second.history(ordersLocation.entityRef);
      expect(after.outcome).toBe('failed');
    });

    it('stops following an attempt another backend took over, without failing it', async () => {
      const { store, state, ctx } = await setup();
      const first = backend(store, { heartbeatMs: 20 });
      state.propagationPolls = Number.MAX_SAFE_INTEGER;
      await first.execute({ ...ctx, ...failover });
      await wait(100);
      // A starting backend takes the accepted attempt over at once.
      const second = backend(store);
      await expect(second.recoverUnfinished(async () => ctx)).resolves.toEqual({
        resumed: 1,
        cut: 0,
      });
      const started = Date.now();
      await first.drain();
      expect(Date.now() - started).toBeLessThan(5_000);
      const [running] = await first.history(ordersLocation.entityRef);
      expect(running.outcome).toBe('running');
      expect(running.steps.find(s => s.name === 'verify')?.state).toBe(
        'running',
      );
      state.propagationPolls = 0;
      await second.drain();
      const [done] = await second.history(ordersLocation.entityRef);
      expect(done.outcome).toBe('succeeded');
    });

    it('frees a lock that no running attempt holds, once it is two minutes old', async () => {
      const { knex, store, service } = await setup();
      await store.lock('component:default/stopped', 'never-recorded');
      await store.lock('component:default/fresh', 'being-recorded');
      await knex('multicloud_failover_locks')
        .where({ failover_id: 'never-recorded' })
        .update({ acquired_at: new Date(Date.now() - 130_000).toISOString() });
      await expect(service.sweep(async () => null)).resolves.toEqual({
        resumed: 0,
        cut: 0,
        locksFreed: 1,
      });
      expect(await store.lockHolder('component:default/stopped')).toBeNull();
      expect(await store.lockHolder('component:default/fresh')).toBe(
        'being-recorded',
      );
    });
  });
});
