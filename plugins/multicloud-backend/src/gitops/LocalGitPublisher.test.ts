import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, publishedRepo } from './__testUtils__/localRepo';
import { LocalGitPublisher } from './LocalGitPublisher';

const change = (aws: number, azure: number) => ({
  path: 'infra/global/weights.auto.tfvars.json',
  content: `${JSON.stringify({ weights: { aws, azure } }, null, 2)}\n`,
  commitMessage: `Traffic of payments: AWS ${aws}% / Azure ${azure}%\n\nAWS is down`,
});
const author = { name: 'Olivia Owner', email: 'olivia@example.com' };

describe('LocalGitPublisher', () => {
  let repo: ReturnType<typeof publishedRepo>;
  let publisher: LocalGitPublisher;
  beforeEach(() => {
    repo = publishedRepo();
    publisher = new LocalGitPublisher({
      baseDir: repo.baseDir,
      commitUrl: (r, sha) => `http://portal/repos/${r}/commits/${sha}`,
    });
  });
  afterEach(() => repo.cleanup());

  it('finds the bare repository of a service registered from its checkout', () => {
    expect(publisher.target(repo.entity)?.repository).toBe('payments.git');
  });

  it('leaves alone entities registered from anywhere else or named outside its folder', () => {
    const at = (location: string) => ({
      ...repo.entity,
      metadata: {
        name: 'x',
        annotations: { 'backstage.io/managed-by-location': location },
      },
    });
    expect(
      publisher.target(
        at('file:/srv/portal/examples/orders/catalog-info.yaml'),
      ),
    ).toBeNull();
    expect(
      publisher.target(
        at(
          `file:${join(repo.baseDir, 'checkouts/../../etc/catalog-info.yaml')}`,
        ),
      ),
    ).toBeNull();
    expect(
      publisher.target(
        at(`file:${join(repo.baseDir, 'checkouts/orders/catalog-info.yaml')}`),
      ),
    ).toBeNull();
    expect(
      publisher.target(
        at('url:https://github.com/acme/payments/blob/main/catalog-info.yaml'),
      ),
    ).toBeNull();
  });

  it('commits the weights to the bare repository as the user, and updates the checkout', async () => {
    const published = await publisher
      .target(repo.entity)!
      .publish({ change: change(0, 100), author, failoverId: 'f-1' });

    expect(repo.log()).toEqual([
      'Olivia Owner <olivia@example.com>|Traffic of payments: AWS 0% / Azure 100%',
      'Backstage scaffolder <scaffolder@localhost>|Initial commit',
    ]);
    expect(published).toEqual({
      kind: 'commit',
      sha: git(['rev-parse', 'main'], repo.bare).trim(),
      url: `http://portal/repos/payments/commits/${published.sha}`,
    });
    expect(git(['show', `main:${change(0, 100).path}`], repo.bare)).toBe(
      change(0, 100).content,
    );
    expect(readFileSync(join(repo.checkout, change(0, 100).path), 'utf8')).toBe(
      change(0, 100).content,
    );
  });

  it('adds no second commit when the repository already holds the weights', async () => {
    const target = publisher.target(repo.entity)!;
    const first = await target.publish({
      change: change(0, 100),
      author,
      failoverId: 'f-1',
    });
    const again = await target.publish({
      change: change(0, 100),
      author,
      failoverId: 'f-1',
    });
    expect(again.sha).toBe(first.sha);
    expect(repo.log()).toHaveLength(2);
  });

  it("fails with the repository's own words when it refuses the push, and changes nothing", async () => {
    repo.refusePushes('main is protected');
    await expect(
      publisher
        .target(repo.entity)!
        .publish({ change: change(0, 100), author, failoverId: 'f-1' }),
    ).rejects.toThrow(/main is protected/);
    expect(repo.log()).toHaveLength(1);
  });
});
