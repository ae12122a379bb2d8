import type { Entity } from '@backstage/catalog-model';
import type { GitOpsChange } from '@multicloud/backstage-plugin-multicloud-common';

/** Who the commit is by: the person who failed over, by the name the catalog gives them. */
export interface GitAuthor {
  name: string;
  email: string;
}

/** A change that landed in the repository: a commit on the default branch, or a pull request. */
export interface PublishedChange {
  kind: 'commit' | 'pull-request';
  url: string;
  /** The commit's sha (for a pull request, its head commit). */
  sha: string;
}

export interface PublishRequest {
  change: GitOpsChange;
  author: GitAuthor;
  /** The failover's id: names the pull request's branch, so a retry finds its own branch. */
  failoverId: string;
}

/** One service's repository, as a publisher found it. */
export interface GitOpsTarget {
  /** The repository in words, e.g. `github.com/acme/orders` or `payments.git`. */
  repository: string;
  publish(request: PublishRequest): Promise<PublishedChange>;
}

/**
 * The port through which a failover records its weights in the service's repository (GitOps).
 * Each adapter recognises the repositories it can write to from the entity's annotations and
 * returns null for the others; the first that recognises an entity serves it.
 */
export interface GitOpsPublisher {
  target(entity: Entity): GitOpsTarget | null;
}

/** The first publisher's target for the entity, or null when none can write to its repository. */
export function gitOpsTargetOf(
  publishers: GitOpsPublisher[],
  entity: Entity,
): GitOpsTarget | null {
  for (const publisher of publishers) {
    const target = publisher.target(entity);
    if (target) return target;
  }
  return null;
}
