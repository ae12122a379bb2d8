import { BUILT_IN_CLOUDS } from '@multicloud/backstage-plugin-multicloud-common';
import { fakeProvider } from '../__testUtils__/fakeProvider';
import { providerRegistry } from './providerRegistry';
import type { MulticloudProvider } from './types';

const named = (
  name: string,
  clouds: MulticloudProvider['clouds'] = BUILT_IN_CLOUDS,
): MulticloudProvider => ({ ...fakeProvider().provider, name, clouds });

describe('providerRegistry', () => {
  it('keeps every provider by its name', () => {
    const registry = providerRegistry([named('sandbox'), named('tri-cloud')]);
    expect([...registry.keys()]).toEqual(['sandbox', 'tri-cloud']);
  });

  it('refuses to start with a provider name taken twice', () => {
    expect(() => providerRegistry([named('cloud'), named('cloud')])).toThrow(
      'two multi-cloud providers are named "cloud": each name (the multicloud.io/provider annotation) must be taken once; rename the one a module adds',
    );
  });

  it('refuses a provider whose clouds cannot be told apart', () => {
    expect(() => providerRegistry([named('none', [])])).toThrow(
      'the multi-cloud provider "none" declares no cloud',
    );
    expect(() =>
      providerRegistry([
        named('twice', [...BUILT_IN_CLOUDS, BUILT_IN_CLOUDS[0]]),
      ]),
    ).toThrow(
      'the multi-cloud provider "twice" declares the cloud "aws" twice',
    );
    expect(() =>
      providerRegistry([
        named('split', [{ id: 'split', label: 'Split', color: '#000' }]),
      ]),
    ).toThrow(/has the cloud id "split"/);
  });
});
