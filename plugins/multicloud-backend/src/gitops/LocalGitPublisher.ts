import type { Entity } from '@backstage/catalog-model';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import type {
  GitOpsPublisher,
  GitOpsTarget,
  PublishRequest,
  PublishedChange,
} from './GitOpsPublisher';

const run = promisify(execFile);
/** The names `multicloud:publish:local` gives its repositories. */
const REPO_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';

export interface LocalGitPublisherOptions {
  /**
   * The folder of the sandbox's bare repositories (`multicloud.publishLocal.baseDir`, where the
   * scaffolder's `multicloud:publish:local` pushes), absolute. Nothing outside it is written.
   */
  baseDir: string;
  /**
   * Where the portal shows a commit of a repository (named without `.git`): the scaffolder
   * module's read-only pages of the local repositories.
   */
  commitUrl(repository: string, sha: string): string;
}

/**
 * The sandbox's adapter: commits to the bare git repository `multicloud:publish:local` created for
 * the service, with the git CLI as that action does. A scaffolded service is registered from the
 * checkout beside its bare repository (`<baseDir>/checkouts/<name>/catalog-info.yaml`, the entity's
 * `backstage.io/managed-by-location`), which names the repository; an entity registered from
 * anywhere else is not this adapter's.
 */
export class LocalGitPublisher implements GitOpsPublisher {
  constructor(private readonly options: LocalGitPublisherOptions) {}

  target(entity: Entity): GitOpsTarget | null {
    const repo = this.repositoryOf(entity);
    if (!repo) return null;
    return {
      repository: `${repo}.git`,
      publish: request => this.publish(repo, request),
    };
  }

  /** The repository's name, from the location the entity was registered from. */
  repositoryOf(entity: Entity): string | null {
    const location =
      entity.metadata.annotations?.[MANAGED_BY_LOCATION]?.trim() ?? '';
    if (!location.startsWith('file:')) return null;
    const file = location.slice('file:'.length);
    if (!isAbsolute(file)) return null;
    const parts = relative(
      join(this.options.baseDir, 'checkouts'),
      resolve(file),
    ).split(sep);
    if (parts.length !== 2 || parts[1] !== 'catalog-info.yaml') return null;
    const repo = parts[0];
    if (!REPO_NAME.test(repo)) return null;
    return existsSync(this.bare(repo)) ? repo : null;
  }

  private bare(repo: string) {
    return join(this.options.baseDir, `${repo}.git`);
  }

  private async publish(
    repo: string,
    { change, author }: PublishRequest,
  ): Promise<PublishedChange> {
    const work = await mkdtemp(join(tmpdir(), 'multicloud-gitops-'));
    const clone = join(work, repo);
    const git = (args: string[], cwd = clone) =>
      run('git', args, {
        cwd,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: author.name,
          GIT_AUTHOR_EMAIL: author.email,
          GIT_COMMITTER_NAME: 'Backstage multi-cloud',
          GIT_COMMITTER_EMAIL: 'multicloud@localhost',
        },
      });
    try {
      await git(['clone', '--quiet', this.bare(repo), clone], work);
      const file = resolve(clone, change.path);
      if (!file.startsWith(clone + sep))
        throw new Error(`${change.path} is outside the repository`);
      const before = await readFile(file, 'utf8').catch(() => null);
      if (before !== change.content) {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, change.content);
        await git(['add', '--', change.path]);
        await git(['commit', '--quiet', '--message', change.commitMessage]);
        const branch = (
          await git(['symbolic-ref', '--short', 'HEAD'])
        ).stdout.trim();
        await git(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
      }
      // Unchanged (a retry after a push that went through): the commit already there stands.
      const sha = (await git(['rev-parse', 'HEAD'])).stdout.trim();
      await this.refreshCheckout(repo);
      return {
        kind: 'commit',
        sha,
        url: this.options.commitUrl(repo, sha),
      };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /**
   * Brings the checkout the catalog reads up to date. The bare repository is the record; a
   * checkout someone changed by hand is left as it is.
   */
  private async refreshCheckout(repo: string) {
    const checkout = join(this.options.baseDir, 'checkouts', repo);
    if (!existsSync(join(checkout, '.git'))) return;
    await run('git', ['pull', '--quiet', '--ff-only'], { cwd: checkout }).catch(
      () => undefined,
    );
  }
}
