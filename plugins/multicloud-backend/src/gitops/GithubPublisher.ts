import type { Entity } from '@backstage/catalog-model';
import type {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';
import type {
  GitOpsPublisher,
  GitOpsTarget,
  PublishRequest,
  PublishedChange,
} from './GitOpsPublisher';

/** `multicloud.gitops.mode`: a pull request to review, or a commit straight to the default branch. */
export type GitOpsMode = 'pull-request' | 'commit';

export const GITHUB_PROJECT_SLUG = 'github.com/project-slug';
const SOURCE_LOCATION = 'backstage.io/source-location';

interface GithubRepository {
  host: string;
  owner: string;
  repo: string;
  apiBaseUrl: string;
}

export interface GithubPublisherOptions {
  integrations: ScmIntegrationRegistry;
  /** `DefaultGithubCredentialsProvider.fromIntegrations(integrations)`: a token or a GitHub App. */
  credentialsProvider: GithubCredentialsProvider;
  mode: GitOpsMode;
}

/**
 * The GitHub adapter, through Backstage's GitHub integration: the repository's host must be an
 * `integrations.github` entry, whose token or GitHub App the credentials provider hands out, and
 * Octokit is built as the scaffolder's GitHub actions build it (`getOctokitOptions` in
 * backstage/backstage plugins/scaffolder-backend-module-github/src/util.ts: the integration's
 * `apiBaseUrl` and the provider's token). The repository is the entity's `github.com/project-slug`
 * or its `backstage.io/source-location`.
 *
 * REST endpoints used (GitHub REST API docs, docs.github.com/en/rest):
 * - Get a repository, for `default_branch`: GET /repos/{owner}/{repo} (repos/repos#get-a-repository)
 * - Get a reference, the branch's head: GET /repos/{owner}/{repo}/git/ref/{ref} (git/refs#get-a-reference)
 * - Create a reference, the pull request's branch: POST /repos/{owner}/{repo}/git/refs
 *   (git/refs#create-a-reference); 422 "Reference already exists" when a retry finds it
 * - Get repository content, for the blob sha an update needs: GET /repos/{owner}/{repo}/contents/{path}
 *   (repos/contents#get-repository-content); 404 when the file is new
 * - Create or update file contents: PUT /repos/{owner}/{repo}/contents/{path}
 *   (repos/contents#create-or-update-file-contents): `sha` is "required if you are updating a file"
 * - List pull requests by `head` (`user:ref-name`) and Create a pull request:
 *   GET/POST /repos/{owner}/{repo}/pulls (pulls/pulls#list-pull-requests, #create-a-pull-request)
 */
export class GithubPublisher implements GitOpsPublisher {
  constructor(private readonly options: GithubPublisherOptions) {}

  target(entity: Entity): GitOpsTarget | null {
    const repository = this.repositoryOf(entity);
    if (!repository) return null;
    return {
      repository: `${repository.host}/${repository.owner}/${repository.repo}`,
      publish: request => this.publish(repository, request),
    };
  }

  repositoryOf(entity: Entity): GithubRepository | null {
    const annotations = entity.metadata.annotations ?? {};
    const source = annotations[SOURCE_LOCATION]?.trim();
    const sourceUrl = source?.startsWith('url:') ? source.slice(4) : undefined;
    const fromSource = sourceUrl
      ? this.options.integrations.github.byUrl(sourceUrl)
      : undefined;
    let owner: string | undefined;
    let repo: string | undefined;
    const slug = annotations[GITHUB_PROJECT_SLUG]?.trim();
    if (slug) [owner, repo] = slug.split('/');
    else if (fromSource && sourceUrl)
      [owner, repo] = new URL(sourceUrl).pathname.split('/').filter(Boolean);
    repo = repo?.replace(/\.git$/, '');
    if (!owner || !repo) return null;
    const integration =
      fromSource ?? this.options.integrations.github.byHost('github.com');
    if (!integration) return null;
    return {
      host: integration.config.host,
      owner,
      repo,
      apiBaseUrl:
        integration.config.apiBaseUrl ??
        `https://${integration.config.host}/api/v3`,
    };
  }

  private async publish(
    repository: GithubRepository,
    request: PublishRequest,
  ): Promise<PublishedChange> {
    const { host, owner, repo } = repository;
    const { token } = await this.options.credentialsProvider.getCredentials({
      url: `https://${host}/${encodeURIComponent(owner)}/${encodeURIComponent(
        repo,
      )}`,
    });
    if (!token)
      throw new Error(
        `no GitHub credentials for ${host}/${owner}/${repo}: add a token or a GitHub App to integrations.github`,
      );
    const octokit = new Octokit({
      auth: token,
      baseUrl: repository.apiBaseUrl,
    });
    const ref = { owner, repo };
    const { data: info } = await octokit.rest.repos.get(ref);
    const base = info.default_branch;
    if (this.options.mode === 'commit') {
      const commit = await this.putFile(octokit, repository, base, request);
      return { kind: 'commit', ...commit };
    }
    // One branch per failover, so a retry finds the branch and the pull request it made before.
    const head = `multicloud/failover-${request.failoverId}`;
    const { data: baseRef } = await octokit.rest.git.getRef({
      ...ref,
      ref: `heads/${base}`,
    });
    try {
      await octokit.rest.git.createRef({
        ...ref,
        ref: `refs/heads/${head}`,
        sha: baseRef.object.sha,
      });
    } catch (error) {
      if ((error as { status?: number }).status !== 422) throw error;
    }
    const { sha } = await this.putFile(octokit, repository, head, request);
    const { data: open } = await octokit.rest.pulls.list({
      ...ref,
      head: `${owner}:${head}`,
      state: 'open',
    });
    const [title, ...body] = request.change.commitMessage.split('\n');
    const pull =
      open[0] ??
      (
        await octokit.rest.pulls.create({
          ...ref,
          head,
          base,
          title,
          body: `${body
            .join('\n')
            .trim()}\n\nThe traffic has already moved: merge this so the next \`terraform apply\` keeps the weights of the failover.`.trim(),
        })
      ).data;
    return { kind: 'pull-request', sha, url: pull.html_url };
  }

  /** Writes the file on the branch; returns the commit that holds it. */
  private async putFile(
    octokit: Octokit,
    repository: GithubRepository,
    branch: string,
    { change, author }: PublishRequest,
  ): Promise<{ sha: string; url: string }> {
    const { owner, repo } = repository;
    let existing: { sha: string; content: string } | undefined;
    try {
      const { data } = await octokit.rest.repos.getContent({
        owner,
        repo,
        path: change.path,
        ref: branch,
      });
      if (Array.isArray(data) || data.type !== 'file')
        throw new Error(`${change.path} is not a file in ${owner}/${repo}`);
      existing = {
        sha: data.sha,
        content: Buffer.from(data.content ?? '', 'base64').toString('utf8'),
      };
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    if (existing?.content === change.content) {
      // Already there (a retry after a commit that went through): that commit stands.
      const { data } = await octokit.rest.git.getRef({
        owner,
        repo,
        ref: `heads/${branch}`,
      });
      return {
        sha: data.object.sha,
        url: commitUrl(repository, data.object.sha),
      };
    }
    const { data } = await octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: change.path,
      branch,
      message: change.commitMessage,
      content: Buffer.from(change.content, 'utf8').toString('base64'),
      sha: existing?.sha,
      author,
    });
    if (!data.commit.sha)
      throw new Error(`GitHub answered without a commit for ${change.path}`);
    return {
      sha: data.commit.sha,
      url: data.commit.html_url ?? commitUrl(repository, data.commit.sha),
    };
  }
}

function commitUrl({ host, owner, repo }: GithubRepository, sha: string) {
  return `https://${host}/${owner}/${repo}/commit/${sha}`;
}
