import { mockServices } from '@backstage/backend-test-utils';
import { publishedRepo } from './__testUtils__/localRepo';
import { createGitOpsPublishers } from './createPublishers';
import { gitOpsTargetOf } from './GitOpsPublisher';
import { LocalGitPublisher } from './LocalGitPublisher';

const scaffolderBaseUrl = 'https://portal.example.com/api/scaffolder';

describe('createGitOpsPublishers', () => {
  let repo: ReturnType<typeof publishedRepo>;
  beforeEach(() => {
    repo = publishedRepo();
  });
  afterEach(() => repo.cleanup());

  it("links a sandbox commit to the scaffolder module's commit page", async () => {
    const publishers = createGitOpsPublishers({
      config: mockServices.rootConfig({
        data: { multicloud: { publishLocal: { baseDir: repo.baseDir } } },
      }),
      scaffolderBaseUrl,
    });
    const published = await gitOpsTargetOf(publishers, repo.entity)!.publish({
      change: {
        path: 'infra/global/weights.auto.tfvars.json',
        content: '{"weights":{"aws":0,"azure":100}}\n',
        commitMessage: 'Traffic of payments: AWS 0% / Azure 100%',
      },
      author: { name: 'Olivia Owner', email: 'olivia@example.com' },
      failoverId: 'f-1',
    });
    expect(published.url).toBe(
      `${scaffolderBaseUrl}/multicloud/repos/payments/commits/${published.sha}`,
    );
  });

  it('has no local publisher outside the sandbox', () => {
    const publishers = createGitOpsPublishers({
      config: mockServices.rootConfig({ data: {} }),
      scaffolderBaseUrl,
    });
    expect(publishers.some(p => p instanceof LocalGitPublisher)).toBe(false);
    expect(gitOpsTargetOf(publishers, repo.entity)).toBeNull();
  });
});
