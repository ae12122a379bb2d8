import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { MulticloudProvider } from './provider';

/**
 * What a backend module may add to the multi-cloud backend plugin: providers, each serving the
 * services whose `multicloud.io/provider` annotation names it.
 *
 * @public
 */
export interface MulticloudProvidersExtensionPoint {
  /**
   * Adds a provider. Its `name` must be unique among the plugin's providers (the built-in
   * `sandbox` and `cloud` included): the backend refuses to start when two share a name.
   */
  addProvider(provider: MulticloudProvider): void;
}

/**
 * The extension point through which a backend module adds multi-cloud providers, as
 * `@backstage/plugin-kubernetes-node` offers `kubernetesObjectsProviderExtensionPoint` to the
 * Kubernetes backend (backstage/backstage, plugins/kubernetes-node/src/extensions.ts).
 *
 * @public
 */
export const multicloudProvidersExtensionPoint =
  createExtensionPoint<MulticloudProvidersExtensionPoint>({
    id: 'multicloud.providers',
  });
