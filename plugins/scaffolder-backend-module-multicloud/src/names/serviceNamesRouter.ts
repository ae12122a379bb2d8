import express from 'express';
import Router from 'express-promise-router';
import type { ServiceNameChecker } from './ServiceNameChecker';

/**
 * `GET /multicloud/service-names/:name` under the scaffolder's API: whether a new service may
 * take the name, for the template form's name field (it asks before the first step is left).
 */
export function createServiceNamesRouter(
  checker: ServiceNameChecker,
): express.Router {
  const router = Router();
  router.get('/multicloud/service-names/:name', async (req, res) => {
    res.json(await checker.check(req.params.name));
  });
  return router;
}
