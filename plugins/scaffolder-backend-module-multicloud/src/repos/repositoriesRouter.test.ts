import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRepositoriesRouter } from './repositoriesRouter';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Olivia',
      GIT_AUTHOR_EMAIL: 'olivia@example.com',
      GIT_COMMITTER_NAME: 'Olivia',
      GIT_COMMITTER_EMAIL: 'olivia@example.com',
    },
  });

describe('the local git server in a browser', () => {
  let server: Server;
  let base: string;
  let bare: string;
  const revParse = (rev: string) =>
    execFileSync('git', ['--git-dir', bare, 'rev-parse', rev], {
      encoding: 'utf8',
    }).trim();

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'repos-'));
    git(
      dir,
      'init',
      '--quiet',
      '--bare',
      '--initial-branch=main',
      'payments.git',
    );
    const work = join(dir, 'work');
    mkdirSync(join(work, 'infra', 'global'), { recursive: true });
    git(work, 'init', '--quiet', '--initial-branch=main');
    writeFileSync(join(work, 'catalog-info.yaml'), 'name: <payments>\n');
    writeFileSync(
      join(work, 'infra', 'global', 'weights.auto.tfvars.json'),
      '{}',
    );
    git(work, 'add', '--all');
    git(work, 'commit', '--quiet', '-m', 'Initial commit');
    writeFileSync(
      join(work, 'infra', 'global', 'weights.auto.tfvars.json'),
      '{"aws":0}',
    );
    git(
      work,
      'commit',
      '--quiet',
      '-am',
      'Fail over to Azure',
      '-m',
      'AWS is <down>',
    );
    git(
      work,
      'push',
      '--quiet',
      join(dir, 'payments.git'),
      'HEAD:refs/heads/main',
    );
    git(dir, 'init', '--quiet', '--bare', 'empty.git');
    bare = join(dir, 'payments.git');

    const app = express()
      .use(createRepositoriesRouter({ baseDir: dir }))
      .use(
        MiddlewareFactory.create({
          config: mockServices.rootConfig(),
          logger: mockServices.logger.mock(),
        }).error(),
      );
    server = app.listen(0);
    base = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/multicloud/repos`;
  });
  afterAll(() => server.close());

  it('lists the files and the history, newest commit first', async () => {
    const response = await fetch(`${base}/payments`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain(
      'href="payments/files/infra/global/weights.auto.tfvars.json"',
    );
    expect(html).toContain('>catalog-info.yaml</a>');
    expect(html.indexOf('Fail over to Azure')).toBeLessThan(
      html.indexOf('Initial commit'),
    );
    expect(html).toContain('Olivia');
  });

  it('shows a file as escaped text', async () => {
    const html = await (
      await fetch(`${base}/payments/files/catalog-info.yaml`)
    ).text();
    expect(html).toContain('name: &lt;payments&gt;');
    expect(html).toContain('href="../../payments"');
  });

  it('links each commit of the history to its page', async () => {
    const html = await (await fetch(`${base}/payments`)).text();
    expect(html).toContain(`href="payments/commits/${revParse('main')}"`);
    expect(html).toContain(`href="payments/commits/${revParse('main~1')}"`);
  });

  it("shows a commit's author, date, whole message and diff, escaped", async () => {
    const sha = revParse('main');
    const response = await fetch(`${base}/payments/commits/${sha}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<code>${sha}</code>`);
    expect(html).toContain('Olivia &lt;olivia@example.com&gt;');
    expect(html).toMatch(/<td>Date<\/td><td>\d{4}-\d\d-\d\dT/);
    expect(html).toContain('Fail over to Azure\n\nAWS is &lt;down&gt;');
    expect(html).toContain('infra/global/weights.auto.tfvars.json | 2 +-');
    expect(html).toContain('-{}');
    expect(html).toContain('+{&quot;aws&quot;:0}');
    expect(html).toContain('href="../../payments"');
  });

  it('finds a commit by its abbreviated hash, and shows the first commit whole', async () => {
    const first = revParse('main~1');
    const html = await (
      await fetch(`${base}/payments/commits/${first.slice(0, 7)}`)
    ).text();
    expect(html).toContain(`<code>${first}</code>`);
    expect(html).toContain('+name: &lt;payments&gt;');
  });

  it.each(['HEAD', 'main', 'HEAD~1', '0000000', 'abc', '0'.repeat(40)])(
    'answers 404 for the commit %s, which is not the hash of a commit',
    async sha => {
      expect((await fetch(`${base}/payments/commits/${sha}`)).status).toBe(404);
    },
  );

  it('says a repository without commits has none', async () => {
    expect(await (await fetch(`${base}/empty`)).text()).toContain(
      'No commits yet.',
    );
  });

  it.each(['nothing', '..', 'payments.git%2F..%2F..'])(
    'answers 404 for %s, never a path outside the folder',
    async name => {
      expect((await fetch(`${base}/${name}`)).status).toBe(404);
    },
  );

  it('answers 404 for a file the head does not have', async () => {
    expect(
      (await fetch(`${base}/payments/files/../../etc/passwd`)).status,
    ).toBe(404);
    expect((await fetch(`${base}/payments/files/missing.txt`)).status).toBe(
      404,
    );
  });
});
