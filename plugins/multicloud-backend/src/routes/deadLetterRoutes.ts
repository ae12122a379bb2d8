import type { AuditorService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  multicloudDlqReplayPermission,
  multicloudStatusReadPermission,
} from '@multicloud/backstage-plugin-multicloud-common';
import type express from 'express';
import Router from 'express-promise-router';
import type { MulticloudProvider } from '../providers/types';
import type { StatusService } from '../status/StatusService';
import { SERVICE_PATH, type Resolve } from './resolve';

/** Dead letters a list shows: the first page of what a person may need to look at. */
const DEAD_LETTER_LIST_MAX = 20;

/** A 400 with a sentence unless `cloud` is one of the provider's clouds. */
function checkCloud(cloud: string, provider: MulticloudProvider) {
  const ids = provider.clouds.map(c => c.id);
  if (!ids.includes(cloud))
    throw new InputError(
      `unknown cloud "${cloud}": the service runs on ${ids.join(', ')}`,
    );
}

/** `GET .../dlq/:cloud` and `POST .../dlq/:cloud/replay`. */
export function deadLetterRoutes(options: {
  resolve: Resolve;
  statuses: StatusService;
  auditor: AuditorService;
  json: express.RequestHandler;
}) {
  const { resolve, statuses, auditor, json } = options;
  const router = Router();

  // Keys and reasons only, no payloads: what anyone who may read the status may see.
  router.get(`${SERVICE_PATH}/dlq/:cloud`, async (req, res) => {
    const cloud = req.params.cloud;
    const { service, provider } = await resolve(
      req,
      multicloudStatusReadPermission,
    );
    checkCloud(cloud, provider);
    const letters = await provider.replication.listDeadLetters(
      service,
      cloud,
      DEAD_LETTER_LIST_MAX,
    );
    res.json({ cloud, letters });
  });

  router.post(`${SERVICE_PATH}/dlq/:cloud/replay`, json, async (req, res) => {
    const cloud = req.params.cloud;
    const { service, provider } = await resolve(
      req,
      multicloudDlqReplayPermission,
      async error => {
        const event = await auditor.createEvent({
          eventId: 'dlq-replay',
          severityLevel: 'medium',
          request: req,
          meta: { cloud },
        });
        await event.fail({ error });
      },
    );
    checkCloud(cloud, provider);
    const event = await auditor.createEvent({
      eventId: 'dlq-replay',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef: service.entityRef, cloud },
    });
    try {
      const result = await provider.replication.replayDeadLetters(
        service,
        cloud,
      );
      await event.success({
        meta: { replayed: result.replayed, remaining: result.remaining },
      });
      await statuses.invalidate(provider, service);
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
