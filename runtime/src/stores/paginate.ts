import { ITEM_ID_PATTERN } from '../domain/itemId';
import {
  InvalidCursorError,
  type ListOptions,
  type ListPage,
  type StoredItem,
} from '../ports/Store';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Key-ordered pages with the last key as the cursor; shared by stores that list in memory. */
export function paginate(all: StoredItem[], options: ListOptions): ListPage {
  const limit = Math.min(options.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const after =
    options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  const sorted = all
    .filter(i => options.includeDeleted || !i.deleted)
    .filter(i => after === undefined || i.key > after)
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const items = sorted.slice(0, limit);
  const more = sorted.length > limit;
  return {
    items,
    cursor: more ? encodeCursor(items[items.length - 1].key) : undefined,
  };
}

export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/**
 * The key a cursor carries. Node's base64 decoder skips what it cannot read, so a cursor is
 * accepted only in the exact form `encodeCursor` writes, and only if it carries an item id.
 */
export function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!ITEM_ID_PATTERN.test(key) || encodeCursor(key) !== cursor)
    throw new InvalidCursorError();
  return key;
}
