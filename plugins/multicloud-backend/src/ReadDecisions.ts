import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { CallerLookups, callerOf } from './CallerLookups';

export interface ReadDecisionsOptions {
  permissions: PermissionsService;
  /** How long a caller's decision on a resource is used (default 5 s). */
  ttlMs?: number;
  /** Callers, permissions and resources remembered at most (default 10,000); oldest first out. */
  maxEntries?: number;
  now?: () => number;
}

/** A read decision asked about one resource. */
type ReadRequest = { permission: ResourcePermission; resourceRef: string };

/**
 * The permission decisions of the plugin's routes, with the read decisions of a caller on a
 * resource remembered for a few seconds. With permissions enabled, every decision is a request to
 * the permission backend (`ServerPermissionClient` posts to its `/authorize`), which authenticates
 * the caller's token again and runs the policy: most of a status poll's time
 * (docs/benchmarks.md), and a portal page polls each service's status every second.
 *
 * Why this is safe: an entry is keyed by the caller's identity, the permission and the resource,
 * and only ever filled by the permission backend's answer to that caller's own credentials, so a
 * caller is only ever answered what the policy answered them; a caller without an identity (a
 * `none` principal) is never remembered. The caller is still authenticated on every request
 * (before this is asked), so an expired or forged token is refused as before. What a cached
 * decision changes is only how soon a change of policy or of the caller's groups shows: within
 * `ttlMs`, which is as old as the catalog lookup (EntityLookup) and the status itself (refreshed
 * every 5 s) already are. Only read permissions are remembered; a decision to act (failover,
 * replay) is asked every time.
 *
 * A decision past four fifths of its time (4 of 5 s) is still used and asked again in the
 * background, so a page that polls every second never waits for the permission backend (asked
 * once every four or five polls), and no decision used is older than `ttlMs`.
 */
export class ReadDecisions {
  /**
   * One caller's read decisions asked together (see CallerLookups): the permission backend's
   * `/authorize` takes a batch of items for one caller. At most 250 items a request, about 40 KB,
   * within the 100 KB body the permission backend's `express.json()` accepts by default
   * ("express.json([options])", limit, https://expressjs.com/en/api.html#express.json).
   */
  private readonly decisions: CallerLookups<ReadRequest, AuthorizeResult>;

  constructor(private readonly options: ReadDecisionsOptions) {
    this.decisions = new CallerLookups<ReadRequest, AuthorizeResult>({
      send: async (credentials, items) =>
        (await options.permissions.authorize(items, { credentials })).map(
          decision => decision.result,
        ),
      keyOf: ({ permission, resourceRef }) =>
        `${permission.name}\n${resourceRef}`,
      ttlMs: options.ttlMs,
      maxEntries: options.maxEntries,
      now: options.now,
    });
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
    return this.decisions.get(caller, credentials, { permission, resourceRef });
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
