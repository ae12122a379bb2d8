import type { MulticloudProvider } from './types';

/** A cloud id as the routes, annotations and weights use it: lower-case letters and digits. */
const CLOUD_ID = /^[a-z][a-z0-9]*$/;

/**
 * The plugin's providers by name: the built-in ones and those modules added through
 * `multicloudProvidersExtensionPoint`. Throws at startup, naming the provider, when a name is
 * taken twice or a provider's clouds cannot be told apart from each other or from `split`.
 */
export function providerRegistry(
  providers: MulticloudProvider[],
): Map<string, MulticloudProvider> {
  const byName = new Map<string, MulticloudProvider>();
  for (const provider of providers) {
    if (byName.has(provider.name))
      throw new Error(
        `two multi-cloud providers are named "${provider.name}": each name (the multicloud.io/provider annotation) must be taken once; rename the one a module adds`,
      );
    checkClouds(provider);
    byName.set(provider.name, provider);
  }
  return byName;
}

function checkClouds(provider: MulticloudProvider) {
  const ids = provider.clouds.map(c => c.id);
  const fail = (problem: string) => {
    throw new Error(`the multi-cloud provider "${provider.name}" ${problem}`);
  };
  if (!ids.length) fail('declares no cloud');
  const invalid = ids.find(id => !CLOUD_ID.test(id) || id === 'split');
  if (invalid !== undefined)
    fail(
      `has the cloud id "${invalid}"; a cloud id is lower-case letters and digits, starting with a letter, and never "split"`,
    );
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) fail(`declares the cloud "${twice}" twice`);
}
