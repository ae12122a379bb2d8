import type { StoredItem } from './Store';

/**
 * One region's writes in version order: what an emulator without a change feed (dynalite,
 * cosmosdb-server) polls to play DynamoDB Streams or the Cosmos DB change feed. Emulator-only:
 * the production stores and tables carry no such index (on DynamoDB it would be a GSI that
 * doubles the write cost and whose partition key has two values), their triggers read the
 * store's own feed.
 */
export interface VersionIndex {
  changesSince(
    sourceRegion: string,
    afterVersion: string | undefined,
    limit: number,
  ): Promise<StoredItem[]>;
}
