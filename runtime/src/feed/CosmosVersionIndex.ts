import type { Container } from '@azure/cosmos';
import type { StoredItem } from '../ports/Store';
import type { VersionIndex } from '../ports/VersionIndex';
import {
  type ItemDocument,
  storedItemFromCosmosDocument,
} from '../stores/CosmosStore';

/**
 * The version index on cosmosdb-server, which has no change feed: a query by source region and
 * version. Emulator-only; in Azure the Functions Cosmos DB trigger reads the change feed.
 */
export class CosmosVersionIndex implements VersionIndex {
  constructor(private readonly container: Container) {}

  async changesSince(
    sourceRegion: string,
    afterVersion: string | undefined,
    limit: number,
  ): Promise<StoredItem[]> {
    const { resources } = await this.container.items
      .query<ItemDocument>({
        query:
          'SELECT * FROM c WHERE c.source_region = @region AND c.version > @after',
        parameters: [
          { name: '@region', value: sourceRegion },
          { name: '@after', value: afterVersion ?? '' },
        ],
      })
      .fetchAll();
    return resources
      .map(storedItemFromCosmosDocument)
      .sort((a, b) => (a.version < b.version ? -1 : 1))
      .slice(0, limit);
  }
}
