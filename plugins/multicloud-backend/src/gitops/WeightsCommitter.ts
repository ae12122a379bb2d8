import type {
  FailoverRecord,
  GitOpsCommit,
} from '@multicloud/backstage-plugin-multicloud-common';
import type { GitAuthor, GitOpsTarget } from './GitOpsPublisher';

export interface WeightsCommitterOptions {
  /** The commit's author for the failover's actor (its user entity ref). */
  authorOf(actor: string): Promise<GitAuthor>;
}

/** Said when a service names no repository the portal can write to. */
export const NO_REPOSITORY =
  'the service names no repository the portal can write to (give its entity a github.com/project-slug)';

/**
 * Records a finished failover's weights in the service's repository. Never throws: the traffic
 * has already moved, so a repository that refuses the change is reported with the failover
 * (`state: 'failed'`, retried from the history), not turned into a failed failover.
 */
export class WeightsCommitter {
  constructor(private readonly options: WeightsCommitterOptions) {}

  async commit(
    target: GitOpsTarget | null,
    record: FailoverRecord,
  ): Promise<GitOpsCommit> {
    const at = () => new Date().toISOString();
    if (!target || !record.gitops)
      return {
        state: 'skipped',
        kind: null,
        repository: target?.repository ?? null,
        url: null,
        sha: null,
        error: target ? 'the failover has no change to commit' : NO_REPOSITORY,
        at: at(),
      };
    try {
      const published = await target.publish({
        change: record.gitops,
        author: await this.options.authorOf(record.actor),
        failoverId: record.id,
      });
      return {
        state: 'committed',
        kind: published.kind,
        repository: target.repository,
        url: published.url,
        sha: published.sha,
        error: null,
        at: at(),
      };
    } catch (error) {
      return {
        state: 'failed',
        kind: null,
        repository: target.repository,
        url: null,
        sha: null,
        error: (error as Error).message || String(error),
        at: at(),
      };
    }
  }
}
