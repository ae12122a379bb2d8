import type { Entity } from '@backstage/catalog-model';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Backstage scaffolder',
  GIT_AUTHOR_EMAIL: 'scaffolder@localhost',
  GIT_COMMITTER_NAME: 'Backstage scaffolder',
  GIT_COMMITTER_EMAIL: 'scaffolder@localhost',
};

export const git = (args: string[], cwd: string) =>
  execFileSync('git', args, { cwd, env, encoding: 'utf8' });

/**
 * What `multicloud:publish:local` leaves for a scaffolded service: a bare repository with the
 * rendered weights file, and a checkout beside it that the catalog reads.
 */
export function publishedRepo(name = 'payments') {
  const baseDir = mkdtempSync(join(tmpdir(), 'multicloud-git-'));
  const source = join(baseDir, 'source');
  mkdirSync(join(source, 'infra/global'), { recursive: true });
  writeFileSync(
    join(source, 'infra/global/weights.auto.tfvars.json'),
    '{\n  "weights": {\n    "aws": 50,\n    "azure": 50\n  }\n}\n',
  );
  writeFileSync(
    join(source, 'catalog-info.yaml'),
    `metadata:\n  name: ${name}\n`,
  );
  git(['init', '--quiet', '--initial-branch=main'], source);
  git(['add', '--all'], source);
  git(['commit', '--quiet', '--message', 'Initial commit'], source);
  const bare = join(baseDir, `${name}.git`);
  git(['clone', '--quiet', '--bare', source, bare], baseDir);
  rmSync(source, { recursive: true, force: true });
  const checkout = join(baseDir, 'checkouts', name);
  mkdirSync(join(baseDir, 'checkouts'));
  git(['clone', '--quiet', bare, checkout], baseDir);
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'backstage.io/managed-by-location': `file:${join(
          checkout,
          'catalog-info.yaml',
        )}`,
      },
    },
  };
  return {
    baseDir,
    bare,
    checkout,
    entity,
    /** The bare repository's log of the default branch: `author|subject` per commit, newest first. */
    log: () =>
      git(['log', '--format=%an <%ae>|%s', 'main'], bare).trim().split('\n'),
    /** Makes the repository refuse every push with the message, as a server-side hook would. */
    refusePushes(message: string) {
      const hook = join(bare, 'hooks', 'pre-receive');
      writeFileSync(hook, `#!/bin/sh\necho "${message}" >&2\nexit 1\n`);
      chmodSync(hook, 0o755);
      return () => rmSync(hook);
    },
    cleanup: () => rmSync(baseDir, { recursive: true, force: true }),
  };
}
