import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { callerOf } from './EntityLookup';
import { PromiseCache } from './providers/PromiseCache';

export interface ReadDecisionsOptions {
  permissions: PermissionsService;
  /** How long a caller's read decision is used (default 5 s). */
  ttlMs?: number;
  /** Callers, permissions and resources remembered at most (default 10,000); oldest first out. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * The permission decisions of the plugin's routes, with the read decisions of a caller remembered
 * for a few seconds. With permissions enabled, every decision is a request to the permission
 * backend (`ServerPermissionClient` posts to its `/authorize`), which authenticates the caller's
 * token again and runs the policy: most of a status poll's time (docs/benchmarks.md), and a
 * portal page polls each service's status every second.
 *
 * A read is first decided for the caller on every resource of its type at once
 * (`authorizeConditional` without a resource, as the catalog filters its own lists): an ALLOW or
 * a DENY then holds for every entity, so a caller who watches many services costs one decision.
 * Only when the policy answers CONDITIONAL (it depends on the entity, e.g. its owner) is the
 * caller's decision on that entity asked (`authorize` with the resource, whose conditions the
 * permission backend applies), and remembered per entity.
 *
 * Why this is safe: an entry is keyed by the caller's identity and the permission (and the
 * resource, for a per-entity decision), and only ever filled by the permission backend's answer
 * to that caller's own credentials, so a caller is only ever answered what the policy answered
 * them; a caller without an identity (a `none` principal) is never remembered. The caller is
 * still authenticated on every request (before this is asked), so an expired or forged token is
 * refused as before. What a remembered decision changes is only how soon a change of policy or of
 * the caller's groups shows: within `ttlMs`, which is as old as the catalog lookup (EntityLookup)
 * and the status itself (refreshed every 5 s) already are. Only read permissions are remembered;
 * a decision to act (failover, replay) is asked every time, on the resource.
 *
 * A decision past four fifths of its time (4 of 5 s) is still used and asked again in the
 * background, so a page that polls every second never waits for the permission backend (asked
 * once every four or five polls), and no decision used is older than `ttlMs`.
 */
export class ReadDecisions {
  /** Per caller and permission: on every resource of its type. */
  private readonly callerWide: PromiseCache<AuthorizeResult>;
  /** Per caller, permission and resource, where the caller-wide decision was CONDITIONAL. */
  private readonly perResource: PromiseCache<AuthorizeResult>;

  constructor(private readonly options: ReadDecisionsOptions) {
    const cacheOptions = {
      ttlMs: options.ttlMs ?? 5_000,
      refreshAfterMs: (options.ttlMs ?? 5_000) * 0.8,
      maxEntries: options.maxEntries ?? 10_000,
      now: options.now,
    };
    this.callerWide = new PromiseCache(cacheOptions);
    this.perResource = new PromiseCache(cacheOptions);
  }

  /** ALLOW or DENY for this caller's use of `permission` on `resourceRef`. */
  async authorize(
    permission: ResourcePermission,
    resourceRef: string,
    credentials: BackstageCredentials,
  ): Promise<AuthorizeResult> {
    const caller = callerOf(credentials);
    if (!caller || permission.attributes.action !== 'read')
      return this.ask(permission, resourceRef, credentials);
    const onAll = await this.callerWide.get(
      `${caller}\n${permission.name}`,
      () => this.askOnAll(permission, credentials),
    );
    if (onAll !== AuthorizeResult.CONDITIONAL) return onAll;
    return this.perResource.get(
      `${caller}\n${permission.name}\n${resourceRef}`,
      () => this.ask(permission, resourceRef, credentials),
    );
  }

  private async askOnAll(
    permission: ResourcePermission,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return decision.result;
  }

  private async ask(
    permission: ResourcePermission,
    resourceRef: string,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission, resourceRef }],
      { credentials },
    );
    return decision.result;
  }
}
