import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export interface PublishLocalOptions {
  /** Folder of the bare repositories; relative paths are from the backend's working directory. */
  baseDir: string;
  /**
   * Where the backend shows the repositories in a browser (`/api/scaffolder/multicloud/repos`);
   * the `browseUrl` output is this plus the repository's name.
   */
  browseBaseUrl?: string;
}

/**
 * `multicloud:publish:local`: commits the rendered workspace and pushes it to a bare git
 * repository on this machine, the sandbox's stand-in for GitHub (the scaffolder has no local
 * publisher). It runs the git CLI: isomorphic-git, which the scaffolder's own publishers use,
 * cannot push to a file:// remote.
 */
export function createPublishLocalAction(options: PublishLocalOptions) {
  const baseDir = isAbsolute(options.baseDir)
    ? options.baseDir
    : resolve(process.cwd(), options.baseDir);
  return createTemplateAction({
    id: 'multicloud:publish:local',
    description:
      'Commits the rendered repository and pushes it to a new bare git repository on this machine (the local sandbox)',
    supportsDryRun: true,
    examples: [
      {
        description: 'Publish the rendered service as orders.git',
        example: `steps:
  - id: publish
    name: Publish to the local git server
    action: multicloud:publish:local
    input:
      repoName: orders
      defaultBranch: main
`,
      },
    ],
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .regex(REPO_NAME, 'lower-case letters, digits, dots, dashes')
            .describe('Name of the repository (without .git)'),
        defaultBranch: z => z.string().default('main'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe('Subfolder of the workspace to publish (default: all)'),
        commitMessage: z =>
          z.string().default('Initial commit from the multi-cloud template'),
      },
      output: {
        remoteUrl: z =>
          z.string().describe('Where git clones the repository from (file://)'),
        browseUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'A page of the backend that shows the files and history in a browser',
            ),
        repoContentsUrl: z => z.string(),
        commitHash: z => z.string().optional(),
        catalogInfoPath: z =>
          z
            .string()
            .describe(
              'Absolute path of catalog-info.yaml in a checkout the catalog can read as a file location',
            ),
      },
    },
    async handler(ctx) {
      // The scaffolder hands the input over as the template wrote it: the schema's defaults
      // are not filled in (a task without commitMessage committed "undefined").
      const { repoName } = ctx.input;
      const defaultBranch = ctx.input.defaultBranch ?? 'main';
      const commitMessage =
        ctx.input.commitMessage ??
        'Initial commit from the multi-cloud template';
      const bare = join(baseDir, `${repoName}.git`);
      const checkout = join(baseDir, 'checkouts', repoName);
      const remoteUrl = pathToFileURL(bare).href;
      const source = ctx.input.sourcePath
        ? resolve(ctx.workspacePath, ctx.input.sourcePath)
        : ctx.workspacePath;
      if (!source.startsWith(ctx.workspacePath))
        throw new Error('sourcePath must stay inside the workspace');
      if (existsSync(bare) && readdirSync(join(bare, 'refs', 'heads')).length)
        throw new Error(
          `${repoName}.git already exists and has commits; choose another name or remove ${bare}`,
        );
      ctx.output('remoteUrl', remoteUrl);
      if (options.browseBaseUrl)
        ctx.output(
          'browseUrl',
          `${options.browseBaseUrl}/${encodeURIComponent(repoName)}`,
        );
      ctx.output('repoContentsUrl', `${remoteUrl}#${defaultBranch}`);
      ctx.output('catalogInfoPath', join(checkout, 'catalog-info.yaml'));
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would push to ${remoteUrl}`);
        return;
      }

      const git = (args: string[], cwd: string) =>
        run('git', args, {
          cwd,
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: 'Backstage scaffolder',
            GIT_AUTHOR_EMAIL: 'scaffolder@localhost',
            GIT_COMMITTER_NAME: 'Backstage scaffolder',
            GIT_COMMITTER_EMAIL: 'scaffolder@localhost',
          },
        });
      mkdirSync(bare, { recursive: true });
      await git(
        ['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`],
        bare,
      );
      ctx.logger.info(`Created the bare repository ${bare}`);
      await git(
        ['init', '--quiet', `--initial-branch=${defaultBranch}`],
        source,
      );
      await git(['add', '--all'], source);
      await git(['commit', '--quiet', '--message', commitMessage], source);
      const { stdout } = await git(['rev-parse', 'HEAD'], source);
      await git(
        ['push', '--quiet', remoteUrl, `HEAD:refs/heads/${defaultBranch}`],
        source,
      );
      ctx.output('commitHash', stdout.trim());
      // A checkout beside the bare repository: what the catalog reads (it has no reader for
      // file:// git remotes).
      rmSync(checkout, { recursive: true, force: true });
      mkdirSync(join(baseDir, 'checkouts'), { recursive: true });
      await git(['clone', '--quiet', remoteUrl, checkout], baseDir);
      ctx.logger.info(`Pushed ${stdout.trim().slice(0, 8)} to ${remoteUrl}`);
    },
  });
}
