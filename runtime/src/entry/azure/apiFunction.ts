import { createApi } from '../../http/createApi';
import type { ItemService } from '../../items/ItemService';
import type { Store } from '../../ports/Store';
import { toAzureHttpHandler } from '../azureHttp';
import type { AzureConfig } from '../config';

export interface AzureApiDependencies {
  config: Pick<
    AzureConfig,
    'AZURE_REGION' | 'SERVICE_VERSION' | 'FORWARD_WRITES'
  >;
  store: Store;
  items: ItemService;
  instance?: string;
}

/** `api`: the HTTP API. A module of its own, so loading it loads no queue SDK. */
export function createAzureApiFunction(deps: AzureApiDependencies) {
  const { config, store, items } = deps;
  return toAzureHttpHandler(
    createApi({
      items,
      whoami: {
        cloud: 'azure',
        region: config.AZURE_REGION,
        instance: deps.instance ?? 'function',
        version: config.SERVICE_VERSION,
      },
      health: [{ name: 'store', check: () => store.ping() }],
      forwardWritesToPrimary: config.FORWARD_WRITES === 'true',
    }),
  );
}
