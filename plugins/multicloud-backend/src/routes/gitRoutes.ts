import { NotFoundError } from '@backstage/errors';
import Router from 'express-promise-router';
import { showLocalCommit } from '../gitops/LocalGitPublisher';

/**
 * `GET /git/:repository/commits/:sha`: a commit of the sandbox's bare repositories under
 * `baseDir`, as text, for the failover history's link.
 */
export function gitRoutes(baseDir: string) {
  const router = Router();
  router.get('/git/:repository/commits/:sha', async (req, res) => {
    const shown = await showLocalCommit(
      baseDir,
      req.params.repository,
      req.params.sha,
    );
    if (shown === null)
      throw new NotFoundError(
        `no commit ${req.params.sha} in ${req.params.repository}`,
      );
    res.type('text/plain; charset=utf-8').send(shown);
  });
  return router;
}
