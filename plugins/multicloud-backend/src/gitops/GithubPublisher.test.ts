import { registerMswTestHooks } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import * as gh from './__testUtils__/githubPayloads';
import { GithubPublisher, type GitOpsMode } from './GithubPublisher';

const API = 'https://api.github.com/repos/acme/orders';
const PATH = 'infra/global/weights.auto.tfvars.json';
// Octokit sends path parameters URL-encoded (`infra%2Fglobal%2F...`); GitHub accepts both.
const CONTENTS = `${API}/contents/${encodeURIComponent(PATH)}`;
const change = {
  path: PATH,
  content: '{\n  "weights": {\n    "aws": 0,\n    "azure": 100\n  }\n}\n',
  commitMessage: 'Traffic of orders: AWS 0% / Azure 100%\n\nAWS is down',
};
const request = {
  change,
  author: { name: 'Olivia Owner', email: 'olivia@example.com' },
  failoverId: 'f-1',
};

function publisher(mode: GitOpsMode, token: string | null = 'ghp_test') {
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        github: [{ host: 'github.com', ...(token ? { token } : {}) }],
      },
    }),
  );
  return new GithubPublisher({
    integrations,
    credentialsProvider:
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    mode,
  });
}

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', annotations },
});
const bySlug = entity({ 'github.com/project-slug': 'acme/orders' });

describe('GithubPublisher', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  /** The requests GitHub received, as `METHOD path` and their JSON bodies. */
  function record() {
    const calls: { call: string; body?: any; auth?: string | null }[] = [];
    server.events.on('request:start', async ({ request: r }) => {
      const url = new URL(r.url);
      calls.push({
        call: `${r.method} ${decodeURIComponent(
          url.pathname.replace('/repos/acme/orders', ''),
        )}${decodeURIComponent(url.search)}`,
        body: ['PUT', 'POST'].includes(r.method)
          ? await r.clone().json()
          : undefined,
        auth: r.headers.get('authorization'),
      });
    });
    return calls;
  }

  it('finds the repository from github.com/project-slug or a GitHub source location, and only there', () => {
    const p = publisher('commit');
    expect(p.target(bySlug)?.repository).toBe('github.com/acme/orders');
    expect(
      p.target(
        entity({
          'backstage.io/source-location':
            'url:https://github.com/acme/orders/tree/main/',
        }),
      )?.repository,
    ).toBe('github.com/acme/orders');
    expect(
      p.target(
        entity({
          'backstage.io/source-location':
            'url:https://gitlab.example.com/acme/orders/-/tree/main/',
        }),
      ),
    ).toBeNull();
    expect(p.target(entity({}))).toBeNull();
  });

  it('commits straight to the default branch in commit mode, updating the file by its blob sha', async () => {
    const calls = record();
    server.use(
      http.get(API, () => HttpResponse.json(gh.repository)),
      http.get(CONTENTS, () =>
        HttpResponse.json(
          gh.fileContent(PATH, '{"weights":{"aws":50,"azure":50}}\n'),
        ),
      ),
      http.put(CONTENTS, () =>
        HttpResponse.json(gh.fileCommit(PATH, change.commitMessage)),
      ),
    );
    const published = await publisher('commit')
      .target(bySlug)!
      .publish(request);

    expect(published).toEqual({
      kind: 'commit',
      sha: gh.COMMIT_SHA,
      url: `https://github.com/acme/orders/git/commit/${gh.COMMIT_SHA}`,
    });
    expect(calls.map(c => c.call)).toEqual([
      'GET ',
      `GET /contents/${PATH}?ref=main`,
      `PUT /contents/${PATH}`,
    ]);
    const put = calls[2];
    expect(put.auth).toBe('token ghp_test');
    expect(put.body).toEqual({
      message: change.commitMessage,
      content: Buffer.from(change.content).toString('base64'),
      sha: gh.BLOB_SHA,
      branch: 'main',
      author: request.author,
    });
  });

  it('opens a pull request from a branch of its own in pull-request mode', async () => {
    const calls = record();
    const branch = 'multicloud/failover-f-1';
    server.use(
      http.get(API, () => HttpResponse.json(gh.repository)),
      http.get(`${API}/git/ref/heads%2Fmain`, () =>
        HttpResponse.json(gh.reference('refs/heads/main')),
      ),
      http.post(`${API}/git/refs`, () =>
        HttpResponse.json(gh.reference(`refs/heads/${branch}`), {
          status: 201,
        }),
      ),
      http.get(CONTENTS, () => HttpResponse.json(gh.notFound, { status: 404 })),
      http.put(CONTENTS, () =>
        HttpResponse.json(gh.fileCommit(PATH, change.commitMessage), {
          status: 201,
        }),
      ),
      http.get(`${API}/pulls`, () => HttpResponse.json([])),
      http.post(`${API}/pulls`, () =>
        HttpResponse.json(gh.pullRequest(branch, 'Traffic of orders'), {
          status: 201,
        }),
      ),
    );
    const published = await publisher('pull-request')
      .target(bySlug)!
      .publish(request);

    expect(published).toEqual({
      kind: 'pull-request',
      sha: gh.COMMIT_SHA,
      url: 'https://github.com/acme/orders/pull/1347',
    });
    const body = (call: string) => calls.find(c => c.call === call)?.body;
    expect(body('POST /git/refs')).toEqual({
      ref: `refs/heads/${branch}`,
      sha: gh.BASE_SHA,
    });
    expect(calls.map(c => c.call)).toContain(
      `GET /contents/${PATH}?ref=${branch}`,
    );
    // A new file: no blob sha to give.
    expect(body(`PUT /contents/${PATH}`)).toMatchObject({ branch });
    expect(body(`PUT /contents/${PATH}`).sha).toBeUndefined();
    expect(body('POST /pulls')).toMatchObject({
      head: branch,
      base: 'main',
      title: 'Traffic of orders: AWS 0% / Azure 100%',
      body: expect.stringContaining('AWS is down'),
    });
  });

  it('on a retry, reuses the branch and the pull request it opened before', async () => {
    const calls = record();
    const branch = 'multicloud/failover-f-1';
    server.use(
      http.get(API, () => HttpResponse.json(gh.repository)),
      http.get(`${API}/git/ref/heads%2Fmain`, () =>
        HttpResponse.json(gh.reference('refs/heads/main')),
      ),
      http.post(`${API}/git/refs`, () =>
        HttpResponse.json(gh.referenceExists, { status: 422 }),
      ),
      http.get(CONTENTS, () =>
        HttpResponse.json(gh.fileContent(PATH, change.content)),
      ),
      http.get(`${API}/git/ref/${encodeURIComponent(`heads/${branch}`)}`, () =>
        HttpResponse.json(gh.reference(`refs/heads/${branch}`, gh.COMMIT_SHA)),
      ),
      http.get(`${API}/pulls`, () =>
        HttpResponse.json([gh.pullRequest(branch, 'Traffic of orders')]),
      ),
    );
    const published = await publisher('pull-request')
      .target(bySlug)!
      .publish(request);

    expect(published).toEqual({
      kind: 'pull-request',
      sha: gh.COMMIT_SHA,
      url: 'https://github.com/acme/orders/pull/1347',
    });
    expect(calls.map(c => c.call)).toContain(
      `GET /pulls?head=acme:${branch}&state=open`,
    );
    expect(calls.map(c => c.call)).not.toContain('POST /pulls');
    expect(calls.map(c => c.call)).not.toContain(`PUT /contents/${PATH}`);
  });

  it("fails with GitHub's message when the integration may not write", async () => {
    server.use(
      http.get(API, () => HttpResponse.json(gh.repository)),
      http.get(CONTENTS, () => HttpResponse.json(gh.fileContent(PATH, '{}\n'))),
      http.put(CONTENTS, () =>
        HttpResponse.json(gh.notAccessible, { status: 403 }),
      ),
    );
    await expect(
      publisher('commit').target(bySlug)!.publish(request),
    ).rejects.toThrow(/Resource not accessible by integration/);
  });

  it('says which config is missing when the integration has no credentials', async () => {
    await expect(
      publisher('commit', null).target(bySlug)!.publish(request),
    ).rejects.toThrow(
      /no GitHub credentials for github.com\/acme\/orders.*integrations\.github/,
    );
  });
});
