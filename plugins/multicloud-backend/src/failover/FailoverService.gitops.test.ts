import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { publishedRepo } from '../gitops/__testUtils__/localRepo';
import { LocalGitPublisher } from '../gitops/LocalGitPublisher';
import { WeightsCommitter } from '../gitops/WeightsCommitter';
import {
  fakeProvider,
  ordersLocation,
  recordingAuditor,
} from '../__testUtils__/fakeProvider';
import { FailoverService } from './FailoverService';
import { FailoverStore } from './FailoverStore';

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

/** A failover of a scaffolded service whose repository is a real bare git repository. */
describe('FailoverService with the service repository (GitOps)', () => {
  let repo: ReturnType<typeof publishedRepo>;
  afterEach(() => repo.cleanup());

  async function setup() {
    repo = publishedRepo('payments');
    const store = await FailoverStore.create(await databases.init('SQLITE_3'));
    const { auditor, events } = recordingAuditor();
    const service = new FailoverService({
      store,
      auditor,
      logger: mockServices.logger.mock(),
      verifyTimeoutMs: 1_000,
      verifyIntervalMs: 20,
      committer: new WeightsCommitter({
        authorOf: async actor => ({
          name: actor === 'user:default/olivia' ? 'Olivia Owner' : actor,
          email: 'olivia@example.com',
        }),
      }),
    });
    const { provider, state } = fakeProvider();
    const publisher = new LocalGitPublisher({
      baseDir: repo.baseDir,
      commitUrl: (r, sha) => `http://portal/repos/${r}/commits/${sha}`,
    });
    const ctx = {
      provider,
      service: ordersLocation,
      serviceName: 'payments',
      gitops: publisher.target(repo.entity),
    };
    const failOver = async (target: 'aws' | 'azure' | 'split') => {
      await service.execute({
        ...ctx,
        request: { target, reason: 'AWS is down' },
        actor: 'user:default/olivia',
      });
      await service.drain();
      return (await service.history(ordersLocation.entityRef))[0];
    };
    return { store, service, state, ctx, events, failOver };
  }

  it('commits the new weights to the service repository as the user, and keeps the commit with the attempt', async () => {
    const { failOver } = await setup();
    const record = await failOver('azure');

    expect(repo.log()[0]).toBe(
      'Olivia Owner <olivia@example.com>|Traffic of payments: AWS 0% / Azure 100%',
    );
    expect(record.outcome).toBe('succeeded');
    expect(record.commit).toMatchObject({
      state: 'committed',
      kind: 'commit',
      repository: 'payments.git',
      error: null,
    });
    expect(record.commit?.url).toBe(
      `http://portal/repos/payments/commits/${record.commit?.sha}`,
    );
    expect(record.steps.find(s => s.name === 'commit')).toMatchObject({
      state: 'done',
      message: `commit ${record.commit?.sha?.slice(0, 7)} in payments.git`,
    });
  });

  it('keeps a failover whose commit the repository refuses done, says why, and commits on retry', async () => {
    const { failOver, service, ctx, state, events } = await setup();
    const allowPushes = repo.refusePushes('main is protected');
    const record = await failOver('azure');

    expect(state.weights).toEqual({ aws: 0, azure: 100 });
    expect(record.outcome).toBe('succeeded');
    expect(record.commit).toMatchObject({ state: 'failed', sha: null });
    expect(record.commit?.error).toMatch(/main is protected/);
    expect(record.steps.find(s => s.name === 'commit')).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(
        /^weights not committed: .*main is protected/s,
      ),
    });
    expect(record.steps.find(s => s.name === 'record')?.state).toBe('done');
    expect(repo.log()).toHaveLength(1);

    allowPushes();
    const retried = await service.retryCommit(ctx, record.id, {
      actor: 'user:default/olivia',
    });
    expect(retried.commit).toMatchObject({ state: 'committed' });
    expect(repo.log()[0]).toMatch(/AWS 0% \/ Azure 100%$/);
    const [stored] = await service.history(ordersLocation.entityRef);
    expect(stored.commit?.sha).toBe(retried.commit?.sha);
    expect(events.map(e => [e.eventId, e.result])).toContainEqual([
      'failover-commit',
      'success',
    ]);
  });

  it('refuses to retry an old commit once a newer failover has changed the weights', async () => {
    const { failOver, service, ctx } = await setup();
    const allowPushes = repo.refusePushes('main is protected');
    const first = await failOver('azure');
    allowPushes();
    await failOver('aws');

    await expect(
      service.retryCommit(ctx, first.id, { actor: 'user:default/olivia' }),
    ).rejects.toThrow(/has changed the weights since/);
    expect(repo.log()[0]).toMatch(/AWS 100% \/ Azure 0%$/);
  });

  it('refuses to retry a commit that did not fail', async () => {
    const { failOver, service, ctx } = await setup();
    const record = await failOver('azure');
    await expect(
      service.retryCommit(ctx, record.id, { actor: 'user:default/olivia' }),
    ).rejects.toThrow(
      /no failed commit to retry \(its weights are committed\)/,
    );
  });

  it('skips the commit, saying what to add, for a service without a repository it can write to', async () => {
    const { failOver, ctx } = await setup();
    ctx.gitops = null;
    const record = await failOver('azure');
    expect(record.outcome).toBe('succeeded');
    expect(record.commit).toMatchObject({ state: 'skipped' });
    expect(record.commit?.error).toMatch(/github\.com\/project-slug/);
  });
});
