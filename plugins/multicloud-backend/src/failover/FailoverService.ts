import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  CLOUDS,
  type CloudId,
  type FailoverPlan,
  type FailoverRecord,
  type FailoverRequest,
  type FailoverStepName,
  type HealthState,
} from '@multicloud/backstage-plugin-multicloud-common';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { MulticloudProvider, ServiceLocation } from '../providers/types';
import type { FailoverStore } from './FailoverStore';
import { planFailover, refusalMessage } from './plan';

export interface FailoverContext {
  provider: MulticloudProvider;
  service: ServiceLocation;
  /** The entity's name, for messages and the GitOps commit. */
  serviceName: string;
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
  /** How long the verify step waits for the new weights to be in effect. */
  verifyTimeoutMs?: number;
  verifyIntervalMs?: number;
}

const STEPS: FailoverStepName[] = [
  'plan',
  'safety',
  'execute',
  'verify',
  'record',
];

/**
 * The failover protocol: plan → safety rules → execute → verify → record. Execution goes on in
 * the background after the caller gets the running record; the record in the database is the
 * progress the portal follows, and the history afterwards.
 */
export class FailoverService {
  private readonly running = new Set<Promise<void>>();
  private readonly verifyTimeoutMs: number;
  private readonly verifyIntervalMs: number;

  constructor(private readonly options: FailoverServiceOptions) {
    this.verifyTimeoutMs = options.verifyTimeoutMs ?? 120_000;
    this.verifyIntervalMs = options.verifyIntervalMs ?? 1_000;
  }

  /**
   * Marks failovers a stopped backend left running as failed, and frees their locks. Only those
   * older than the verify timeout: younger ones may belong to another replica still at work.
   */
  async recoverUnfinished(): Promise<number> {
    const { store, logger } = this.options;
    const cutoff = new Date(
      Date.now() - this.verifyTimeoutMs - 60_000,
    ).toISOString();
    const stale = (await store.unfinished()).filter(r => r.startedAt < cutoff);
    for (const record of stale) {
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
    return stale.length;
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
      CLOUDS.map(cloud => {
        const h = health.find(r => r.cloud === cloud);
        return [cloud, h?.ok ? h.data.health : 'unknown'];
      }),
    ) as Record<CloudId, HealthState>;
    return planFailover({
      entityRef: ctx.service.entityRef,
      serviceName: ctx.serviceName,
      request,
      current,
      health: healthByCloud,
      runningFailoverId,
    });
  }

  async execute(options: ExecuteOptions): Promise<ExecuteResult> {
    const { store, auditor } = this.options;
    const { service, request, actor } = options;
    const audit = await auditor.createEvent({
      eventId: 'failover',
      severityLevel: 'high',
      request: options.httpRequest,
      meta: {
        entityRef: service.entityRef,
        target: request.target,
        forced: Boolean(request.force),
        reason: request.reason,
      },
    });
    const id = randomUUID();
    let plan = await this.plan(options, request);
    let holder: string | null = null;
    if (plan.allowed) {
      holder = await store.lock(service.entityRef, id);
      // Another failover took the lock between the plan and now: plan again to say so.
      if (holder) plan = await this.plan(options, request);
    }
    const now = new Date().toISOString();
    const step = (
      name: FailoverStepName,
      state: FailoverRecord['steps'][number]['state'],
      message: string | null,
    ) => ({
      name,
      state,
      startedAt: state === 'pending' ? null : now,
      finishedAt: state === 'done' || state === 'failed' ? now : null,
      message,
    });
    const base = {
      id,
      entityRef: service.entityRef,
      actor,
      reason: request.reason,
      target: request.target,
      forced: Boolean(request.force),
      from: plan.current,
      to: plan.desired,
      gitops: plan.gitops,
      startedAt: now,
    };
    if (!plan.allowed || holder) {
      const message = refusalMessage(plan) || 'refused by the safety rules';
      await store.insert({
        ...base,
        outcome: 'refused',
        error: message,
        steps: STEPS.map(name => {
          if (name === 'plan') return step(name, 'done', null);
          if (name === 'safety') return step(name, 'failed', message);
          return step(name, 'skipped', null);
        }),
        finishedAt: now,
      });
      const error = new Error(message);
      error.name = 'FailoverRefusedError';
      await audit.fail({ error, meta: { failoverId: id } });
      return { started: false, plan, message };
    }
    const forcedPast = plan.checks.filter(c => !c.ok).map(c => c.message);
    const record: FailoverRecord = {
      ...base,
      outcome: 'running',
      error: null,
      steps: STEPS.map(name => {
        if (name === 'plan')
          return step(
            name,
            'done',
            `${describeWeights(plan.current)} → ${describeWeights(
              plan.desired,
            )}`,
          );
        if (name === 'safety')
          return step(
            name,
            'done',
            forcedPast.length
              ? `forced past: ${forcedPast.join('; ')}`
              : 'every rule passes',
          );
        return step(name, 'pending', null);
      }),
      finishedAt: null,
    };
    await store.insert(record);
    const run = this.run(options, record, audit).finally(() =>
      this.running.delete(run),
    );
    this.running.add(run);
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

  private async run(
    ctx: FailoverContext,
    record: FailoverRecord,
    audit: Awaited<ReturnType<AuditorService['createEvent']>>,
  ): Promise<void> {
    const { store, logger } = this.options;
    const setStep = async (
      name: FailoverStepName,
      state: FailoverRecord['steps'][number]['state'],
      message: string | null,
    ) => {
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
      await store.update(record);
    };
    let current: FailoverStepName = 'execute';
    try {
      await setStep(
        'execute',
        'running',
        'asking the global routing for the new weights',
      );
      await ctx.provider.traffic.setWeights(ctx.service, record.to);
      await setStep(
        'execute',
        'done',
        'the global routing accepted the new weights',
      );
      current = 'verify';
      await setStep(
        'verify',
        'running',
        'waiting until the new weights are in effect',
      );
      const waited = await this.waitInEffect(ctx, record);
      await setStep(
        'verify',
        'done',
        `in effect after ${(waited / 1000).toFixed(1)} s`,
      );
      current = 'record';
      record.outcome = 'succeeded';
      record.finishedAt = new Date().toISOString();
      await setStep('record', 'done', 'recorded in the failover history');
      await audit.success({ meta: { failoverId: record.id } });
    } catch (error) {
      const message = (error as Error).message;
      logger.error(
        `failover ${record.id} of ${record.entityRef} failed: ${message}`,
      );
      record.outcome = 'failed';
      record.error = message;
      record.finishedAt = new Date().toISOString();
      record.steps = record.steps.map(s =>
        s.state === 'pending' ? { ...s, state: 'skipped' } : s,
      );
      await setStep(current, 'failed', message).catch(e =>
        logger.error(`could not record failover ${record.id}: ${e}`),
      );
      await audit.fail({
        error: error as Error,
        meta: { failoverId: record.id },
      });
    } finally {
      await store
        .unlock(record.entityRef, record.id)
        .catch(e =>
          logger.error(
            `could not free the failover lock of ${record.entityRef}: ${e}`,
          ),
        );
    }
  }

  private async waitInEffect(
    ctx: FailoverContext,
    record: FailoverRecord,
  ): Promise<number> {
    const started = Date.now();
    let lastError: Error | undefined;
    while (Date.now() - started < this.verifyTimeoutMs) {
      try {
        if (await ctx.provider.traffic.isInEffect(ctx.service, record.to))
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

function describeWeights(w: Record<CloudId, number>) {
  return `AWS ${w.aws}% / Azure ${w.azure}%`;
}
