import { NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { LocalRepository } from './LocalRepository';
import { commitPage, filePage, repositoryPage } from './repositoryPages';

export const REPOSITORIES_PATH = '/multicloud/repos';

/**
 * A browsable view of the local git server's repositories (`multicloud:publish:local`), so the
 * task page's repository link opens in a browser: `GET /multicloud/repos/:name` lists the files
 * and the history, `GET /multicloud/repos/:name/files/<path>` shows a file and
 * `GET /multicloud/repos/:name/commits/:sha` a commit (the failover history links there). Read-only.
 */
export function createRepositoriesRouter(options: {
  baseDir: string;
}): express.Router {
  const router = Router();
  const repository = (name: string) => {
    const repo = LocalRepository.open(options.baseDir, name);
    if (!repo)
      throw new NotFoundError(`no repository ${name} on the local git server`);
    return repo;
  };
  const html = (res: express.Response, body: string) =>
    res
      .type('html')
      // The pages link only to themselves and carry no script.
      .set(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'",
      )
      .send(body);

  router.get(`${REPOSITORIES_PATH}/:name`, async (req, res) => {
    const repo = repository(req.params.name);
    html(
      res,
      repositoryPage({
        name: repo.name,
        cloneUrl: pathToFileURL(join(options.baseDir, `${repo.name}.git`)).href,
        files: await repo.files(),
        log: await repo.log(),
      }),
    );
  });

  router.get(`${REPOSITORIES_PATH}/:name/files/*`, async (req, res) => {
    const repo = repository(req.params.name);
    const path = (req.params as Record<string, string>)[0];
    const text = await repo.read(path);
    if (text === undefined)
      throw new NotFoundError(`no file ${path} in ${repo.name}.git`);
    html(res, filePage({ name: repo.name, path, text }));
  });

  router.get(`${REPOSITORIES_PATH}/:name/commits/:sha`, async (req, res) => {
    const repo = repository(req.params.name);
    const commit = await repo.commit(req.params.sha);
    if (!commit)
      throw new NotFoundError(
        `no commit ${req.params.sha} in ${repo.name}.git`,
      );
    html(res, commitPage({ name: repo.name, commit }));
  });
  return router;
}
