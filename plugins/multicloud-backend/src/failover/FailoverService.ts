import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  describeWeights,
  type CloudId,
  type FailoverPlan,
  type FailoverRecord,
  type FailoverRequest,
  type FailoverStepName,
  type HealthState,
} from '@multicloud/backstage-plugin-multicloud-common';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { GitOpsTarget } from '../gitops/GitOpsPublisher';
import type { WeightsCommitter } from '../gitops/WeightsCommitter';
import type { MulticloudProvider, ServiceLocation } from '../providers/types';
import type { FailoverStore } from './FailoverStore';
import { planFailover, refusalMessage } from './plan';

export interface FailoverContext {
  provider: MulticloudProvider;
  service: ServiceLocation;
  /** The entity's name, for messages and the GitOps commit. */
  serviceName: string;
  /** The service's repository, where the new weights are committed; null when it has none. */
  gitops?: GitOpsTarget | null;
}

export interface ExecuteOptions extends FailoverContext {
  request: FailoverRequest;
  actor: string;
  /** The HTTP request, for the audit log. */
  httpRequest?: Request;
}

export type ExecuteResult =
  | { started: true; record: FailoverRecord }
  | { started: false; plan: FailoverPlan; message: string };

export interface FailoverServiceOptions {
  store: FailoverStore;
  auditor: AuditorService;
  logger: LoggerService;
  /** Commits the new weights once the traffic moved; without it the commit step is skipped. */
  committer?: WeightsCommitter;
  /** How long the verify step waits for the new weights to be in effect. */
  verifyTimeoutMs?: number;
  verifyIntervalMs?: number;
  /**
   * Told when a failover has changed the service's traffic (the routing accepted the new weights,
   * and again once they are in effect), so the status viewers read shows them at once instead of
   * at its next refresh. Its failure never fails the failover.
   */
  onTrafficChanged?: (ctx: FailoverContext) => Promise<void> | void;
  /** How often a backend following a running failover says so (its heartbeat); 10 s. */
  heartbeatMs?: number;
  /** How long without a heartbeat before another backend takes a failover over; 45 s. */
  staleAfterMs?: number;
}

/** Thrown inside a failover this backend no longer follows, to stop following it quietly. */
class FollowLost extends Error {}

type Audit = Awaited<ReturnType<AuditorService['createEvent']>>;

const STEPS: FailoverStepName[] = [
  'plan',
  'safety',
  'execute',
  'verify',
  'commit',
  'record',
];

type StepState = FailoverRecord['steps'][number]['state'];

/** Every step of a record made at `now`, each in the state and with the message `of` gives. */
function steps(
  now: string,
  of: (name: FailoverStepName) => [StepState, string | null],
): FailoverRecord['steps'] {
  return STEPS.map(name => {
    const [state, message] = of(name);
    return {
      name,
      state,
      startedAt: state === 'pending' ? null : now,
      finishedAt: state === 'done' || state === 'failed' ? now : null,
      message,
    };
  });
}

/** A failover's record as its plan makes it, before the safety rules decide (no steps yet). */
function newRecord(
  id: string,
  { service, request, actor }: ExecuteOptions,
  plan: FailoverPlan,
): FailoverRecord {
  return {
    id,
    entityRef: service.entityRef,
    actor,
    reason: request.reason,
    target: request.target,
    forced: Boolean(request.force),
    from: plan.current,
    to: plan.desired,
    gitops: plan.gitops,
    commit: null,
    routingChange: null,
    outcome: 'running',
    error: null,
    steps: [],
    startedAt: new Date().toISOString(),
    finishedAt: null,
  };
}

/**
 * The failover protocol: plan → safety rules → execute → verify → record. Execution goes on in
 * the background after the caller gets the running record; the record in the database is the
 * progress the portal follows, and the history afterwards.
 */
export class FailoverService {
  private readonly running = new Set<Promise<void>>();
  /** Attempts this backend was following until another one took them over. */
  private readonly lost = new Set<string>();
  /** This backend's name as the follower of attempts (heartbeats) and in their finish claims. */
  private readonly backendId = randomUUID();
  private readonly verifyTimeoutMs: number;
  private readonly verifyIntervalMs: number;
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;

  constructor(private readonly options: FailoverServiceOptions) {
    this.verifyTimeoutMs = options.verifyTimeoutMs ?? 120_000;
    this.verifyIntervalMs = options.verifyIntervalMs ?? 1_000;
    this.heartbeatMs = options.heartbeatMs ?? 10_000;
    this.staleAfterMs = options.staleAfterMs ?? 45_000;
  }

  /**
   * Takes up the failovers a stopped backend left running. An attempt is another backend's while
   * that backend's heartbeat is fresh; once it is stale (the backend died, or lost the database
   * for longer than `staleAfterMs`), this backend takes it over: one whose new weights the routing
   * had accepted resumes its verify step, with the routing's change it stored (Route53's change
   * id), once `locate` finds its service again; the others are marked failed and their locks
   * freed. At a backend's start (the default), attempts the routing had accepted are taken over
   * at once, fresh beat or not: the backend that beat last is most likely this one before its
   * restart, and two followers of one attempt commit it once (`claimFinish`) and the one taken
   * over stops at its next beat. `onlyStale` is the periodic sweep's rule.
   * Returns how many were resumed and how many cut short.
   */
  async recoverUnfinished(
    locate: (entityRef: string) => Promise<FailoverContext | null> = async () =>
      null,
    options: { onlyStale?: boolean } = {},
  ): Promise<{ resumed: number; cut: number }> {
    const { store, logger, auditor } = this.options;
    let resumed = 0;
    let cut = 0;
    for (const { record, followedBy, lastBeat } of await store.unfinished()) {
      if (followedBy === this.backendId) continue;
      const stale = this.isStale(record, lastBeat);
      const accepted = record.steps.some(
        s => s.name === 'execute' && s.state === 'done',
      );
      // At a start an accepted attempt is taken beating or not (above); otherwise a stale one.
      if (!stale && (options.onlyStale || !accepted)) continue;
      const ctx = accepted
        ? await locate(record.entityRef).catch(() => null)
        : null;
      if (!ctx && !stale) continue;
      // Another backend sweeping at the same moment may win it: then it is that one's.
      if (!(await store.takeOver(record.id, this.backendId, followedBy)))
        continue;
      if (ctx) {
        const audit = await auditor.createEvent({
          eventId: 'failover',
          severityLevel: 'high',
          meta: { entityRef: record.entityRef, resumed: record.id },
        });
        this.track(this.verifyAndRecord(ctx, record, audit), record.id);
        logger.info(
          `resuming failover ${record.id} of ${record.entityRef} at its verify step`,
        );
        resumed += 1;
        continue;
      }
      await this.cutShort(record);
      cut += 1;
    }
    return { resumed, cut };
  }

  /**
   * The periodic sweep: stale attempts taken over (`recoverUnfinished` with `onlyStale`), and
   * service locks freed that no running attempt holds (a backend stopped between taking one and
   * recording its attempt, or while it retried a commit), two minutes or more after they were
   * taken.
   */
  async sweep(
    locate: (entityRef: string) => Promise<FailoverContext | null>,
  ): Promise<{ resumed: number; cut: number; locksFreed: number }> {
    const recovered = await this.recoverUnfinished(locate, { onlyStale: true });
    const locksFreed = await this.options.store.releaseStaleLocks(
      new Date(Date.now() - Math.max(this.staleAfterMs, 120_000)).toISOString(),
    );
    return { ...recovered, locksFreed };
  }

  /**
   * Whether nobody follows the attempt any more: its follower's last beat is older than
   * `staleAfterMs`. An attempt recorded before followers were (no beat) is stale once it is older
   * than the verify timeout and a minute.
   */
  private isStale(record: FailoverRecord, lastBeat: string | null): boolean {
    return lastBeat
      ? Date.parse(lastBeat) < Date.now() - this.staleAfterMs
      : Date.parse(record.startedAt) <
          Date.now() - this.verifyTimeoutMs - 60_000;
  }

  /** A stale attempt nobody can resume: failed, its lock freed. */
  private async cutShort(record: FailoverRecord) {
    const { store, logger } = this.options;
    const now = new Date().toISOString();
    await store.update({
      ...record,
      outcome: 'failed',
      error:
        'the backend stopped while this failover ran; check the weights in the status and fail over again if needed',
      steps: record.steps.map(s =>
        s.state === 'running' || s.state === 'pending'
          ? { ...s, state: 'failed', finishedAt: now }
          : s,
      ),
      finishedAt: now,
    });
    await store.unlock(record.entityRef, record.id);
    logger.warn(`failover ${record.id} of ${record.entityRef} was cut short`);
  }

  async plan(
    ctx: FailoverContext,
    request: FailoverRequest,
  ): Promise<FailoverPlan> {
    const [current, health, runningFailoverId] = await Promise.all([
      ctx.provider.traffic.getWeights(ctx.service),
      ctx.provider.health.getHealth(ctx.service),
      this.options.store.lockHolder(ctx.service.entityRef),
    ]);
    const healthByCloud = Object.fromEntries(
      ctx.provider.clouds.map(({ id }) => {
        const h = health.find(r => r.cloud === id);
        return [id, h?.ok ? h.data.health : 'unknown'];
      }),
    ) as Record<CloudId, HealthState>;
    const plan = planFailover({
      entityRef: ctx.service.entityRef,
      serviceName: ctx.serviceName,
      clouds: ctx.provider.clouds,
      request,
      current,
      health: healthByCloud,
      runningFailoverId,
    });
    return {
      ...plan,
      gitops: { ...plan.gitops, repository: ctx.gitops?.repository ?? null },
    };
  }

  /**
   * Starts a failover: the plan and safety steps here (a refusal is recorded and returned), the
   * execute, verify, commit and record steps in the background (`run`).
   */
  async execute(options: ExecuteOptions): Promise<ExecuteResult> {
    const audit = await this.openAudit(options);
    const id = randomUUID();
    const { plan, lockedBy } = await this.planStep(options, id);
    const record = newRecord(id, options, plan);
    if (!plan.allowed || lockedBy) return this.refuse(record, plan, audit);
    await this.admit(record, plan, options.provider);
    this.track(this.run(options, record, audit), record.id);
    return { started: true, record };
  }

  history(entityRef: string): Promise<FailoverRecord[]> {
    return this.options.store.history(entityRef);
  }

  get(entityRef: string, id: string): Promise<FailoverRecord | null> {
    return this.options.store.get(entityRef, id);
  }

  /** Waits for failovers in progress; for shutdown and tests. */
  async drain(): Promise<void> {
    await Promise.all([...this.running]);
  }

  /**
   * Keeps a failover in progress until it ends, for `drain`, and beats for it meanwhile: a
   * refused beat means another backend has taken the attempt over, and this one stops following
   * it at its next step.
   */
  private track(run: Promise<void>, followedId: string) {
    const { store, logger } = this.options;
    const beat = setInterval(() => {
      store.heartbeat(followedId, this.backendId).then(
        ours => {
          if (!ours) this.lost.add(followedId);
        },
        error =>
          logger.warn(
            `could not renew the heartbeat of failover ${followedId}: ${error}`,
          ),
      );
    }, this.heartbeatMs);
    beat.unref?.();
    const tracked = run.finally(() => {
      clearInterval(beat);
      this.lost.delete(followedId);
      this.running.delete(tracked);
    });
    this.running.add(tracked);
  }

  private openAudit({ service, request, httpRequest }: ExecuteOptions) {
    return this.options.auditor.createEvent({
      eventId: 'failover',
      severityLevel: 'high',
      request: httpRequest,
      meta: {
        entityRef: service.entityRef,
        target: request.target,
        forced: Boolean(request.force),
        reason: request.reason,
      },
    });
  }

  /**
   * The plan step: the plan, and the service's failover lock when the plan allows it (`lockedBy`:
   * the failover that holds it instead, if any). Another failover that took the lock between the
   * plan and now is planned again, to say so.
   */
  private async planStep(
    ctx: ExecuteOptions,
    id: string,
  ): Promise<{ plan: FailoverPlan; lockedBy: string | null }> {
    const plan = await this.plan(ctx, ctx.request);
    if (!plan.allowed) return { plan, lockedBy: null };
    const lockedBy = await this.options.store.lock(ctx.service.entityRef, id);
    return lockedBy
      ? { plan: await this.plan(ctx, ctx.request), lockedBy }
      : { plan, lockedBy };
  }

  /** The safety step refusing: the refusal is recorded, audited and returned. */
  private async refuse(
    record: FailoverRecord,
    plan: FailoverPlan,
    audit: Audit,
  ): Promise<ExecuteResult> {
    const message = refusalMessage(plan) || 'refused by the safety rules';
    await this.options.store.insert({
      ...record,
      outcome: 'refused',
      error: message,
      steps: steps(record.startedAt, name => {
        if (name === 'plan') return ['done', null];
        if (name === 'safety') return ['failed', message];
        return ['skipped', null];
      }),
      finishedAt: record.startedAt,
    });
    const error = new Error(message);
    error.name = 'FailoverRefusedError';
    await audit.fail({ error, meta: { failoverId: record.id } });
    return { started: false, plan, message };
  }

  /** The safety step passing: the failover is recorded as running, its plan and safety done. */
  private async admit(
    record: FailoverRecord,
    plan: FailoverPlan,
    provider: MulticloudProvider,
  ) {
    const forcedPast = plan.checks.filter(c => !c.ok).map(c => c.message);
    record.steps = steps(record.startedAt, name => {
      if (name === 'plan')
        return [
          'done',
          `${describeWeights(
            plan.current,
            provider.clouds,
          )} → ${describeWeights(plan.desired, provider.clouds)}`,
        ];
      if (name === 'safety')
        return [
          'done',
          forcedPast.length
            ? `forced past: ${forcedPast.join('; ')}`
            : 'every rule passes',
        ];
      return ['pending', null];
    });
    await this.options.store.insert(record, this.backendId);
  }

  /** The steps after the safety rules, in the background. */
  private async run(
    ctx: FailoverContext,
    record: FailoverRecord,
    audit: Audit,
  ): Promise<void> {
    if (await this.executeStep(ctx, record, audit))
      await this.verifyAndRecord(ctx, record, audit);
  }

  /** The execute step: the global routing accepts the new weights. False when it failed. */
  private async executeStep(
    ctx: FailoverContext,
    record: FailoverRecord,
    audit: Audit,
  ): Promise<boolean> {
    try {
      await this.setStep(
        record,
        'execute',
        'running',
        'asking the global routing for the new weights',
      );
      record.routingChange = await ctx.provider.traffic.setWeights(
        ctx.service,
        record.to,
      );
      await this.trafficChanged(ctx);
      await this.setStep(
        record,
        'execute',
        'done',
        record.routingChange
          ? `the global routing accepted the new weights as change ${record.routingChange}`
          : 'the global routing accepted the new weights',
      );
      return true;
    } catch (error) {
      await this.fail(record, 'execute', error as Error, audit);
      return false;
    }
  }

  /** Verify, commit and record: the part of a failover a restarted backend can take up again. */
  private async verifyAndRecord(
    ctx: FailoverContext,
    record: FailoverRecord,
    audit: Audit,
  ): Promise<void> {
    if (!(await this.verifyStep(ctx, record, audit))) return;
    // Another backend following the same attempt (a restarted one resumed it while this one was
    // still waiting, or the other way round) may be here too: the first to claim it commits.
    if (!(await this.options.store.claimFinish(record.id, this.backendId))) {
      this.options.logger.info(
        `failover ${record.id} of ${record.entityRef} is being finished by another backend`,
      );
      return;
    }
    try {
      await this.commitWeights(ctx, record);
      await this.recordStep(record, audit);
    } catch (error) {
      await this.fail(record, 'record', error as Error, audit);
    }
  }

  /** The verify step: waits until the new weights are in effect. False when they were not. */
  private async verifyStep(
    ctx: FailoverContext,
    record: FailoverRecord,
    audit: Audit,
  ): Promise<boolean> {
    try {
      await this.setStep(
        record,
        'verify',
        'running',
        'waiting until the new weights are in effect',
      );
      const waited = await this.waitInEffect(ctx, record);
      await this.trafficChanged(ctx);
      await this.setStep(
        record,
        'verify',
        'done',
        `in effect after ${(waited / 1000).toFixed(1)} s`,
      );
      return true;
    } catch (error) {
      if (error instanceof FollowLost) {
        this.options.logger.info(
          `failover ${record.id} of ${record.entityRef} was taken over by another backend`,
        );
        return false;
      }
      await this.fail(record, 'verify', error as Error, audit);
      return false;
    }
  }

  /** The record step: the failover succeeded, in the history and the audit log; the lock is freed. */
  private async recordStep(record: FailoverRecord, audit: Audit) {
    record.outcome = 'succeeded';
    record.finishedAt = new Date().toISOString();
    await this.setStep(
      record,
      'record',
      'done',
      'recorded in the failover history',
    );
    await audit.success({
      meta: { failoverId: record.id, commit: record.commit?.state },
    });
    await this.unlock(record);
  }

  /**
   * The commit step: the new weights into the service's repository. What the repository says is
   * kept with the attempt and never fails the failover, whose traffic has already moved.
   */
  private async commitWeights(ctx: FailoverContext, record: FailoverRecord) {
    const { committer, logger } = this.options;
    await this.setStep(
      record,
      'commit',
      'running',
      `committing ${record.gitops?.path ?? 'the weights'}${
        ctx.gitops ? ` to ${ctx.gitops.repository}` : ''
      }`,
    );
    record.commit = committer
      ? await committer.commit(ctx.gitops ?? null, record)
      : {
          state: 'skipped',
          kind: null,
          repository: null,
          url: null,
          sha: null,
          error: 'GitOps is not configured in this backend',
          at: new Date().toISOString(),
        };
    const { commit } = record;
    if (commit.state === 'failed')
      logger.warn(
        `failover ${record.id} of ${record.entityRef}: weights not committed to ${commit.repository}: ${commit.error}`,
      );
    if (commit.state === 'committed')
      await this.setStep(
        record,
        'commit',
        'done',
        `${
          commit.kind === 'pull-request' ? 'pull request' : 'commit'
        } ${commit.sha?.slice(0, 7)} in ${commit.repository}`,
      );
    else
      await this.setStep(
        record,
        'commit',
        commit.state === 'failed' ? 'failed' : 'skipped',
        `weights not committed: ${commit.error}`,
      );
  }

  /**
   * Commits the weights of a finished failover again, after its commit failed. Refused while
   * another failover of the service runs, and once a newer failover has changed the weights (its
   * weights are the ones the repository must hold).
   */
  async retryCommit(
    ctx: FailoverContext,
    id: string,
    options: { actor: string; httpRequest?: Request },
  ): Promise<FailoverRecord> {
    const { store, auditor } = this.options;
    const entityRef = ctx.service.entityRef;
    const audit = await auditor.createEvent({
      eventId: 'failover-commit',
      severityLevel: 'medium',
      request: options.httpRequest,
      meta: { entityRef, failoverId: id, actor: options.actor },
    });
    try {
      const record = await store.get(entityRef, id);
      if (!record) throw new NotFoundError(`no failover ${id} of ${entityRef}`);
      if (record.outcome !== 'succeeded' || record.commit?.state !== 'failed')
        throw new ConflictError(
          `failover ${id} has no failed commit to retry (${
            record.outcome === 'succeeded'
              ? `its weights are ${record.commit?.state ?? 'not committed'}`
              : `it ${
                  record.outcome === 'running'
                    ? 'is still running'
                    : `was ${record.outcome}`
                }`
          })`,
        );
      const newer = (await store.history(entityRef)).find(
        r => r.outcome === 'succeeded' && r.startedAt > record.startedAt,
      );
      if (newer)
        throw new ConflictError(
          `failover ${newer.id} has changed the weights since; the repository must hold its weights, not these`,
        );
      const holder = await store.lock(entityRef, id);
      if (holder)
        throw new ConflictError(
          `failover ${holder} of this service is running; retry once it has finished`,
        );
      try {
        await this.commitWeights(ctx, record);
      } finally {
        await this.unlock(record);
      }
      await audit.success({ meta: { commit: record.commit?.state } });
      return record;
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  }

  private async setStep(
    record: FailoverRecord,
    name: FailoverStepName,
    state: FailoverRecord['steps'][number]['state'],
    message: string | null,
  ) {
    const now = new Date().toISOString();
    record.steps = record.steps.map(s =>
      s.name === name
        ? {
            ...s,
            state,
            message,
            startedAt: s.startedAt ?? now,
            finishedAt: state === 'running' ? null : now,
          }
        : s,
    );
    await this.options.store.update(record);
  }

  private async fail(
    record: FailoverRecord,
    step: FailoverStepName,
    error: Error,
    audit: Audit,
  ) {
    const { logger } = this.options;
    logger.error(
      `failover ${record.id} of ${record.entityRef} failed: ${error.message}`,
    );
    record.outcome = 'failed';
    record.error = error.message;
    record.finishedAt = new Date().toISOString();
    record.steps = record.steps.map(s =>
      s.state === 'pending' ? { ...s, state: 'skipped' } : s,
    );
    await this.setStep(record, step, 'failed', error.message).catch(e =>
      logger.error(`could not record failover ${record.id}: ${e}`),
    );
    await audit.fail({ error, meta: { failoverId: record.id } });
    await this.unlock(record);
  }

  private async trafficChanged(ctx: FailoverContext) {
    const { onTrafficChanged, logger } = this.options;
    try {
      await onTrafficChanged?.(ctx);
    } catch (error) {
      logger.warn(
        `could not refresh the status of ${ctx.service.entityRef} after its traffic changed: ${error}`,
      );
    }
  }

  private async unlock(record: FailoverRecord) {
    await this.options.store
      .unlock(record.entityRef, record.id)
      .catch(e =>
        this.options.logger.error(
          `could not free the failover lock of ${record.entityRef}: ${e}`,
        ),
      );
  }

  private async waitInEffect(
    ctx: FailoverContext,
    record: FailoverRecord,
  ): Promise<number> {
    const started = Date.now();
    let lastError: Error | undefined;
    while (Date.now() - started < this.verifyTimeoutMs) {
      if (this.lost.has(record.id)) throw new FollowLost();
      try {
        if (
          await ctx.provider.traffic.isInEffect(
            ctx.service,
            record.to,
            record.routingChange,
          )
        )
          return Date.now() - started;
      } catch (error) {
        lastError = error as Error;
      }
      await new Promise(r => setTimeout(r, this.verifyIntervalMs));
    }
    throw new Error(
      `the new weights were not in effect after ${Math.round(
        this.verifyTimeoutMs / 1000,
      )} s${lastError ? ` (last error: ${lastError.message})` : ''}`,
    );
  }
}
