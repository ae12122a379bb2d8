import type { CacheService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  METRIC_RANGES,
  multicloudStatusReadPermission,
  type MetricsResponse,
} from '@multicloud/backstage-plugin-multicloud-common';
import Router from 'express-promise-router';
import { sendStatus } from '../status/sendStatus';
import type { StatusService } from '../status/StatusService';
import { SERVICE_PATH, type Resolve } from './resolve';

const METRICS_TTL_MS = 30_000;

/** `GET .../status` and `GET .../metrics`: what the service's pages show. */
export function statusRoutes(options: {
  resolve: Resolve;
  statuses: StatusService;
  cache: CacheService;
}) {
  const { resolve, statuses, cache } = options;
  const router = Router();

  router.get(`${SERVICE_PATH}/status`, async (req, res) => {
    const { service, provider } = await resolve(
      req,
      multicloudStatusReadPermission,
    );
    sendStatus(req, res, await statuses.getBody(provider, service));
  });

  router.get(`${SERVICE_PATH}/metrics`, async (req, res) => {
    const range = String(req.query.range ?? '1h');
    if (!(METRIC_RANGES as readonly string[]).includes(range))
      throw new InputError(`range must be one of ${METRIC_RANGES.join(', ')}`);
    const { service, provider } = await resolve(
      req,
      multicloudStatusReadPermission,
    );
    const cacheKey = `metrics:${provider.name}:${service.serviceId}:${range}`;
    const cached = (await cache.get(cacheKey)) as unknown as
      | MetricsResponse
      | undefined;
    if (cached) {
      res.json({ ...cached, entityRef: service.entityRef });
      return;
    }
    const series = await provider.metrics.getSeries(
      service,
      range as MetricsResponse['range'],
    );
    const response: MetricsResponse = {
      entityRef: service.entityRef,
      range: range as MetricsResponse['range'],
      stepSeconds: series.stepSeconds,
      cloudInfo: [...provider.clouds],
      clouds: series.clouds,
      events: series.events ?? [],
    };
    await cache.set(cacheKey, response as never, { ttl: METRICS_TTL_MS });
    res.json(response);
  });

  return router;
}
