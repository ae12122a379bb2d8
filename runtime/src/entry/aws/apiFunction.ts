import { createApi } from '../../http/createApi';
import type { ItemService } from '../../items/ItemService';
import type { Store } from '../../ports/Store';
import type { AwsConfig } from '../config';
import { toLambdaHttpHandler } from '../lambdaHttp';

export interface AwsApiDependencies {
  config: Pick<AwsConfig, 'AWS_REGION' | 'SERVICE_VERSION' | 'FORWARD_WRITES'>;
  store: Store;
  items: ItemService;
  instance?: string;
}

/**
 * `api`: the HTTP API behind API Gateway (HTTP API, payload v2). A module of its own, so the
 * API's bundle holds no queue SDK.
 */
export function createAwsApiFunction(deps: AwsApiDependencies) {
  const { config, store, items } = deps;
  return toLambdaHttpHandler(
    createApi({
      items,
      whoami: {
        cloud: 'aws',
        region: config.AWS_REGION,
        instance: deps.instance ?? 'lambda',
        version: config.SERVICE_VERSION,
      },
      health: [{ name: 'store', check: () => store.ping() }],
      forwardWritesToPrimary: config.FORWARD_WRITES === 'true',
    }),
  );
}
