import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type {
  FailoverRecord,
  FailoverStep,
} from '@multicloud/backstage-plugin-multicloud-common';
import type { Knex } from 'knex';

const FAILOVERS = 'multicloud_failovers';
const LOCKS = 'multicloud_failover_locks';

interface FailoverRow {
  id: string;
  entity_ref: string;
  actor: string;
  reason: string;
  target: string;
  forced: boolean | number;
  from_weights: string;
  to_weights: string;
  outcome: string;
  steps: string;
  error: string | null;
  gitops: string | null;
  gitops_commit: string | null;
  routing_change: string | null;
  started_at: string;
  finished_at: string | null;
}

function toRow(r: FailoverRecord): FailoverRow {
  return {
    id: r.id,
    entity_ref: r.entityRef,
    actor: r.actor,
    reason: r.reason,
    target: r.target,
    forced: r.forced,
    from_weights: JSON.stringify(r.from),
    to_weights: JSON.stringify(r.to),
    outcome: r.outcome,
    steps: JSON.stringify(r.steps),
    error: r.error,
    gitops: r.gitops ? JSON.stringify(r.gitops) : null,
    gitops_commit: r.commit ? JSON.stringify(r.commit) : null,
    routing_change: r.routingChange,
    started_at: r.startedAt,
    finished_at: r.finishedAt,
  };
}

function fromRow(row: FailoverRow): FailoverRecord {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    actor: row.actor,
    reason: row.reason,
    target: row.target as FailoverRecord['target'],
    forced: Boolean(row.forced),
    from: JSON.parse(row.from_weights),
    to: JSON.parse(row.to_weights),
    outcome: row.outcome as FailoverRecord['outcome'],
    steps: JSON.parse(row.steps) as FailoverStep[],
    error: row.error,
    gitops: row.gitops ? JSON.parse(row.gitops) : null,
    commit: row.gitops_commit ? JSON.parse(row.gitops_commit) : null,
    routingChange: row.routing_change ?? null,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** A running attempt as `FailoverStore.unfinished` finds it. */
export interface UnfinishedFailover {
  record: FailoverRecord;
  /** The backend following it; null for an attempt recorded before followers were. */
  followedBy: string | null;
  /** When its follower last beat (ISO time); null as `followedBy`. */
  lastBeat: string | null;
}

/** Failover history and the one-failover-per-service lock, in the plugin's database. */
export class FailoverStore {
  static async create(knex: Knex, options: { skipMigrations?: boolean } = {}) {
    if (!options.skipMigrations) {
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@multicloud/backstage-plugin-multicloud-backend',
          'migrations',
        ),
        tableName: 'multicloud_knex_migrations',
      });
    }
    return new FailoverStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /**
   * Records a new attempt; `followedBy`, the backend that runs it, starts its heartbeat (a
   * refused attempt, which never runs, has none).
   */
  async insert(record: FailoverRecord, followedBy?: string): Promise<void> {
    await this.knex(FAILOVERS).insert({
      ...toRow(record),
      ...(followedBy
        ? { followed_by: followedBy, followed_at: new Date().toISOString() }
        : {}),
    });
  }

  /**
   * The heartbeat of a backend following a running attempt. False once the attempt is no longer
   * its own to follow: finished, or taken over by another backend that found the beat stale.
   */
  async heartbeat(id: string, backendId: string): Promise<boolean> {
    const updated = await this.knex(FAILOVERS)
      .where({ id, followed_by: backendId, outcome: 'running' })
      .update({ followed_at: new Date().toISOString() });
    return updated > 0;
  }

  /**
   * Makes `backendId` the follower of a running attempt that `followedBy` still follows (as
   * `unfinished` read it; its beats may have moved on since): of two backends taking over one
   * attempt at once, one wins. True for the winner.
   */
  async takeOver(
    id: string,
    backendId: string,
    followedBy: string | null,
  ): Promise<boolean> {
    const updated = await this.knex(FAILOVERS)
      .where({ id, outcome: 'running' })
      .andWhere(q =>
        followedBy === null
          ? q.whereNull('followed_by')
          : q.where({ followed_by: followedBy }),
      )
      .update({
        followed_by: backendId,
        followed_at: new Date().toISOString(),
      });
    return updated > 0;
  }

  /**
   * Writes the attempt's progress. A finished attempt is final: its outcome never changes again,
   * so a late write of another backend that was following the same attempt (one that had not
   * stopped yet when a restarted one resumed it) cannot turn a success back into `running` or
   * into a failure. A finished attempt can still be updated with the same outcome (the commit
   * retried). False when the write was refused for that reason.
   */
  async update(record: FailoverRecord): Promise<boolean> {
    const { id, ...rest } = toRow(record);
    const updated = await this.knex(FAILOVERS)
      .where({ id })
      .andWhere(q =>
        q.where({ outcome: 'running' }).orWhere({ outcome: record.outcome }),
      )
      .update(rest);
    return updated > 0;
  }

  async get(entityRef: string, id: string): Promise<FailoverRecord | null> {
    const row = await this.knex<FailoverRow>(FAILOVERS)
      .where({ id, entity_ref: entityRef })
      .first();
    return row ? fromRow(row) : null;
  }

  async history(entityRef: string, limit = 50): Promise<FailoverRecord[]> {
    const rows = await this.knex<FailoverRow>(FAILOVERS)
      .where({ entity_ref: entityRef })
      .orderBy('started_at', 'desc')
      .limit(limit);
    return rows.map(fromRow);
  }

  /**
   * Claims the attempt's last steps (commit and record) for one backend, once: when two backends
   * follow the same attempt, only the first to claim it commits the weights. The conditional
   * update makes two concurrent claimants (in one backend or in replicas sharing the database)
   * resolve to one winner. True for the winner.
   */
  async claimFinish(id: string, backendId: string): Promise<boolean> {
    // Only a running attempt: one that another backend has cut short (this one stalled past its
    // heartbeat) is not committed after all.
    const updated = await this.knex(FAILOVERS)
      .where({ id, outcome: 'running' })
      .whereNull('finished_by')
      .update({ finished_by: backendId });
    return updated > 0;
  }

  /** The running attempts, each with its follower and that follower's last beat. */
  async unfinished(): Promise<UnfinishedFailover[]> {
    const rows = await this.knex<
      FailoverRow & { followed_by: string | null; followed_at: string | null }
    >(FAILOVERS).where({ outcome: 'running' });
    return rows.map(row => ({
      record: fromRow(row),
      followedBy: row.followed_by,
      lastBeat: row.followed_at,
    }));
  }

  /**
   * Frees the locks taken before `cutoff` whose failover is not running: left by a backend that
   * stopped between taking a lock and recording its attempt, or while it retried a commit.
   * Returns how many.
   */
  async releaseStaleLocks(cutoff: string): Promise<number> {
    const stale: { entity_ref: string; failover_id: string }[] =
      await this.knex(LOCKS)
        .leftJoin(FAILOVERS, `${FAILOVERS}.id`, `${LOCKS}.failover_id`)
        .where(`${LOCKS}.acquired_at`, '<', cutoff)
        .andWhere(q =>
          q
            .whereNull(`${FAILOVERS}.id`)
            .orWhereNot(`${FAILOVERS}.outcome`, 'running'),
        )
        .select(`${LOCKS}.entity_ref`, `${LOCKS}.failover_id`);
    for (const lock of stale)
      await this.unlock(lock.entity_ref, lock.failover_id);
    return stale.length;
  }

  /**
   * Takes the service's failover lock. The primary key makes two concurrent takers (in one
   * backend or in several replicas sharing the database) resolve to one winner.
   * Returns null when taken, or the id of the failover that holds it.
   */
  async lock(entityRef: string, failoverId: string): Promise<string | null> {
    try {
      await this.knex(LOCKS).insert({
        entity_ref: entityRef,
        failover_id: failoverId,
        acquired_at: new Date().toISOString(),
      });
      return null;
    } catch (error) {
      const holder = await this.lockHolder(entityRef);
      if (holder) return holder;
      throw error;
    }
  }

  async unlock(entityRef: string, failoverId: string): Promise<void> {
    await this.knex(LOCKS)
      .where({ entity_ref: entityRef, failover_id: failoverId })
      .delete();
  }

  async lockHolder(entityRef: string): Promise<string | null> {
    const row: { failover_id: string } | undefined = await this.knex(LOCKS)
      .where({ entity_ref: entityRef })
      .first();
    return row?.failover_id ?? null;
  }
}
