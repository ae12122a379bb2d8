import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublishLocalAction } from './publishLocal';

describe('multicloud:publish:local', () => {
  const root = mkdtempSync(join(tmpdir(), 'publish-local-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function workspace(name: string) {
    const dir = join(root, 'work', name);
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'README.md'), `# ${name}\n`);
    writeFileSync(join(dir, 'src', 'index.ts'), 'export {};\n');
    return dir;
  }

  it('commits the workspace and pushes it to a new bare repository', async () => {
    const action = createPublishLocalAction({ baseDir: join(root, 'git') });
    const ctx = createMockActionContext({
      input: {
        repoName: 'orders',
        defaultBranch: 'main',
        commitMessage: 'first',
      },
      workspacePath: workspace('orders'),
    });
    await action.handler(ctx as never);
    const remote = join(root, 'git', 'orders.git');
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      expect.stringMatching(/^file:\/\/.*orders\.git$/),
    );

    const clone = join(root, 'clone');
    execFileSync('git', ['clone', '--quiet', remote, clone]);
    expect(readFileSync(join(clone, 'README.md'), 'utf8')).toBe('# orders\n');
    expect(readFileSync(join(clone, 'src', 'index.ts'), 'utf8')).toBe(
      'export {};\n',
    );
    expect(
      execFileSync('git', ['log', '--format=%s'], { cwd: clone })
        .toString()
        .trim(),
    ).toBe('first');
  });

  it('commits with the default message and branch when the template names neither, and links a browser page', async () => {
    const action = createPublishLocalAction({
      baseDir: join(root, 'git'),
      browseBaseUrl: 'http://portal/api/scaffolder/multicloud/repos',
    });
    const ctx = createMockActionContext({
      input: { repoName: 'billing' },
      workspacePath: workspace('billing'),
    });
    await action.handler(ctx as never);
    const log = execFileSync('git', [
      '--git-dir',
      join(root, 'git', 'billing.git'),
      'log',
      '--format=%s',
      'main',
    ])
      .toString()
      .trim();
    expect(log).toBe('Initial commit from the multi-cloud template');
    expect(ctx.output).toHaveBeenCalledWith(
      'browseUrl',
      'http://portal/api/scaffolder/multicloud/repos/billing',
    );
  });

  it('refuses to overwrite a repository that has commits, and says which', async () => {
    const action = createPublishLocalAction({ baseDir: join(root, 'git') });
    const ctx = createMockActionContext({
      input: {
        repoName: 'orders',
        defaultBranch: 'main',
        commitMessage: 'again',
      },
      workspacePath: workspace('orders-again'),
    });
    await expect(action.handler(ctx as never)).rejects.toThrow(
      /orders\.git already exists/,
    );
  });

  it('changes nothing in a dry run', async () => {
    const action = createPublishLocalAction({ baseDir: join(root, 'git') });
    const ctx = {
      ...createMockActionContext({
        input: { repoName: 'dry', defaultBranch: 'main', commitMessage: 'x' },
        workspacePath: workspace('dry'),
      }),
      isDryRun: true,
    };
    await action.handler(ctx as never);
    expect(() => readFileSync(join(root, 'git', 'dry.git', 'HEAD'))).toThrow();
  });
});
