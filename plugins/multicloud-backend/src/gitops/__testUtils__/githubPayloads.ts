/**
 * GitHub REST API answers, trimmed from the example responses of GitHub's REST API documentation
 * (API version 2022-11-28), with only the owner, repository and branch changed:
 * - Get a repository: docs.github.com/en/rest/repos/repos#get-a-repository
 * - Get a reference / Create a reference: docs.github.com/en/rest/git/refs
 * - Get repository content ("Response if content is a file"):
 *   docs.github.com/en/rest/repos/contents#get-repository-content
 * - Create or update file contents: docs.github.com/en/rest/repos/contents#create-or-update-file-contents
 * - Create a pull request: docs.github.com/en/rest/pulls/pulls#create-a-pull-request
 * - Errors ({ message, documentation_url }): docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api
 */
export const repository = {
  id: 1296269,
  node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5',
  name: 'orders',
  full_name: 'acme/orders',
  private: false,
  html_url: 'https://github.com/acme/orders',
  default_branch: 'main',
};

export const BASE_SHA = 'aa218f56b14c9653891f9e74264a383fa43fefbd';

export const reference = (ref: string, sha = BASE_SHA) => ({
  ref,
  node_id: 'MDM6UmVmcmVmcy9oZWFkcy9mZWF0dXJlQQ==',
  url: `https://api.github.com/repos/acme/orders/git/${ref}`,
  object: {
    type: 'commit',
    sha,
    url: `https://api.github.com/repos/acme/orders/git/commits/${sha}`,
  },
});

export const BLOB_SHA = '3d21ec53a331a6f037a91c368710b99387d012c1';

export const fileContent = (path: string, text: string) => ({
  type: 'file',
  encoding: 'base64',
  size: text.length,
  name: path.split('/').pop(),
  path,
  content: Buffer.from(text).toString('base64'),
  sha: BLOB_SHA,
  url: `https://api.github.com/repos/acme/orders/contents/${path}`,
  git_url: `https://api.github.com/repos/acme/orders/git/blobs/${BLOB_SHA}`,
  html_url: `https://github.com/acme/orders/blob/main/${path}`,
  download_url: `https://raw.githubusercontent.com/acme/orders/main/${path}`,
  _links: {
    git: `https://api.github.com/repos/acme/orders/git/blobs/${BLOB_SHA}`,
    self: `https://api.github.com/repos/acme/orders/contents/${path}`,
    html: `https://github.com/acme/orders/blob/main/${path}`,
  },
});

export const COMMIT_SHA = '7638417db6d59f3c431d3e1f261cc637155684cd';

export const fileCommit = (path: string, message: string) => ({
  content: {
    name: path.split('/').pop(),
    path,
    sha: '95b966ae1c166bd92f8ae7d1c313e738c731dfc3',
    type: 'file',
  },
  commit: {
    sha: COMMIT_SHA,
    node_id:
      'MDY6Q29tbWl0NzYzODQxN2RiNmQ1OWYzYzQzMWQzZTFmMjYxY2M2MzcxNTU2ODRjZA==',
    url: `https://api.github.com/repos/acme/orders/git/commits/${COMMIT_SHA}`,
    html_url: `https://github.com/acme/orders/git/commit/${COMMIT_SHA}`,
    author: {
      date: '2014-11-07T22:01:45Z',
      name: 'Monalisa Octocat',
      email: 'octocat@github.com',
    },
    committer: {
      date: '2014-11-07T22:01:45Z',
      name: 'Monalisa Octocat',
      email: 'octocat@github.com',
    },
    message,
    tree: {
      url: 'https://api.github.com/repos/acme/orders/git/trees/691272480426f78a0138979dd3ce63b77f706feb',
      sha: '691272480426f78a0138979dd3ce63b77f706feb',
    },
    parents: [
      {
        url: `https://api.github.com/repos/acme/orders/git/commits/${BASE_SHA}`,
        html_url: `https://github.com/acme/orders/git/commit/${BASE_SHA}`,
        sha: BASE_SHA,
      },
    ],
  },
});

export const pullRequest = (head: string, title: string) => ({
  url: 'https://api.github.com/repos/acme/orders/pulls/1347',
  id: 1,
  node_id: 'MDExOlB1bGxSZXF1ZXN0MQ==',
  html_url: 'https://github.com/acme/orders/pull/1347',
  number: 1347,
  state: 'open',
  title,
  head: { ref: head, sha: COMMIT_SHA, label: `acme:${head}` },
  base: { ref: 'main', sha: BASE_SHA, label: 'acme:main' },
});

export const notFound = {
  message: 'Not Found',
  documentation_url:
    'https://docs.github.com/rest/repos/contents#get-repository-content',
  status: '404',
};

export const referenceExists = {
  message: 'Reference already exists',
  documentation_url: 'https://docs.github.com/rest/git/refs#create-a-reference',
  status: '422',
};

export const notAccessible = {
  message: 'Resource not accessible by integration',
  documentation_url:
    'https://docs.github.com/rest/repos/contents#create-or-update-file-contents',
  status: '403',
};
