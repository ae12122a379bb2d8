import {
  cosmosClientFor,
  RunningEmulator,
  startCosmosDbServer,
} from '@multicloud/cloud-fakes';
import { randomUUID } from 'node:crypto';
import { ensureCosmosContainer } from '../stores/CosmosStore';
import { CosmosParkingLot } from './CosmosParkingLot';

let cosmos: RunningEmulator;
beforeAll(async () => {
  cosmos = await startCosmosDbServer();
});
afterAll(() => cosmos.stop());

const message = (id: string, version: string) => ({
  id,
  body: `{"event_id":"${id}"}`,
  attributes: { version, source_region: 'azure' },
});

describe('CosmosParkingLot on cosmosdb-server', () => {
  it('gives back the longest-parked first, keeps one copy per event version, and forgets what was removed', async () => {
    const container = await ensureCosmosContainer(
      cosmosClientFor(cosmos.endpoint),
      'service',
      `parked-${randomUUID()}`,
    );
    let time = 1_000;
    const lot = new CosmosParkingLot(container, () => time);
    await lot.park([message('e1', 'v1'), message('e2', 'v1')]);
    time += 1;
    await lot.park([message('e3', 'v1')]);
    time += 1;
    await lot.park([message('e1', 'v1')]); // the same batch parked again: still one copy

    expect((await lot.oldest(10)).map(m => m.id).sort()).toEqual([
      'e1',
      'e2',
      'e3',
    ]);
    expect((await lot.oldest(1)).map(m => m.id)).toEqual(['e2']);
    expect((await lot.oldest(1))[0]).toEqual(message('e2', 'v1'));

    await lot.remove([message('e2', 'v1'), message('e3', 'v1')]);
    await lot.remove([message('e2', 'v1')]); // removed twice: no error
    expect((await lot.oldest(10)).map(m => m.id)).toEqual(['e1']);
  });
});
