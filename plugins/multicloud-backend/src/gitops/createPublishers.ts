import type {
  AuthService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { isAbsolute, resolve } from 'node:path';
import type { GitAuthor, GitOpsPublisher } from './GitOpsPublisher';
import { GithubPublisher, type GitOpsMode } from './GithubPublisher';
import { LocalGitPublisher } from './LocalGitPublisher';

const MODES: GitOpsMode[] = ['pull-request', 'commit'];

/** `multicloud.publishLocal.baseDir`, absolute (relative to the backend's working directory). */
function localGitBaseDir(config: RootConfigService): string | null {
  const dir = config.getOptionalString('multicloud.publishLocal.baseDir');
  if (!dir) return null;
  return isAbsolute(dir) ? dir : resolve(process.cwd(), dir);
}

/**
 * The publishers this backend's config enables, in the order they are asked: the sandbox's local
 * repositories (when `multicloud.publishLocal.baseDir` is set), then GitHub.
 */
export function createGitOpsPublishers(options: {
  config: RootConfigService;
  /**
   * The scaffolder's external base URL (discovery's `scaffolder`): the scaffolder module
   * (`@multicloud/backstage-plugin-scaffolder-backend-module-multicloud`) shows the local
   * repositories' commits under it, at `/multicloud/repos/<name>/commits/<sha>`.
   */
  scaffolderBaseUrl: string;
}): GitOpsPublisher[] {
  const { config, scaffolderBaseUrl } = options;
  const mode = (config.getOptionalString('multicloud.gitops.mode') ??
    'pull-request') as GitOpsMode;
  if (!MODES.includes(mode))
    throw new Error(
      `multicloud.gitops.mode is "${mode}"; expected one of ${MODES.join(
        ', ',
      )}`,
    );
  const publishers: GitOpsPublisher[] = [];
  const baseDir = localGitBaseDir(config);
  if (baseDir)
    publishers.push(
      new LocalGitPublisher({
        baseDir,
        commitUrl: (repository, sha) =>
          `${scaffolderBaseUrl}/multicloud/repos/${encodeURIComponent(
            repository,
          )}/commits/${sha}`,
      }),
    );
  const integrations = ScmIntegrations.fromConfig(config);
  publishers.push(
    new GithubPublisher({
      integrations,
      credentialsProvider:
        DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      mode,
    }),
  );
  return publishers;
}

/**
 * The commit's author for a failover's actor: the user's display name and e-mail from the catalog,
 * so `git log` names a person; the entity's name when the catalog has no profile.
 */
export function catalogAuthors(options: {
  catalog: CatalogService;
  auth: AuthService;
}): (actor: string) => Promise<GitAuthor> {
  return async actor => {
    let name = actor;
    try {
      name = parseEntityRef(actor).name;
    } catch {
      // A service principal's subject (e.g. `external:ci`): its own name.
    }
    const user = await options.catalog
      .getEntityByRef(actor, {
        credentials: await options.auth.getOwnServiceCredentials(),
      })
      .catch(() => undefined);
    const profile = (user?.spec?.profile ?? {}) as {
      displayName?: string;
      email?: string;
    };
    return {
      name: profile.displayName || name,
      email: profile.email || `${name}@backstage.invalid`,
    };
  };
}
