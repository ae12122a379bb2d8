/**
 * A steady write load through the sandbox's router, and the comparison of both clouds after it:
 * shared by the replication benchmark and the DR drill.
 */
export interface WriteRecord {
  key: string;
  at: number;
  ok: boolean;
  version?: string;
  error?: string;
}

export interface WriteLoad {
  /** Acknowledged writes: key → version. */
  acknowledged: Map<string, string>;
  records: WriteRecord[];
  stop(): Promise<void>;
}

/** Writes `rate` items a second through `routerUrl` until stopped, as an open loop. */
export function startWriteLoad(
  routerUrl: string,
  rate: number,
  prefix = 'load',
): WriteLoad {
  const acknowledged = new Map<string, string>();
  const records: WriteRecord[] = [];
  const inflight = new Set<Promise<void>>();
  const started = Date.now();
  let n = 0;
  let running = true;
  const write = async (key: string) => {
    const at = Date.now();
    try {
      const res = await fetch(`${routerUrl}/items/${key}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ n }),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status === 200) {
        const version = (await res.json()).version;
        acknowledged.set(key, version);
        records.push({ key, at, ok: true, version });
      } else {
        records.push({
          key,
          at,
          ok: false,
          error: `${res.status} ${(await res.text()).slice(0, 200)}`,
        });
      }
    } catch (error) {
      records.push({ key, at, ok: false, error: (error as Error).message });
    }
  };
  const loop = (async () => {
    while (running) {
      const due = started + (n * 1000) / rate;
      if (Date.now() < due)
        await new Promise(r => setTimeout(r, due - Date.now()));
      if (!running) break;
      const p = write(`${prefix}-${n}`);
      n += 1;
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
  })();
  return {
    acknowledged,
    records,
    stop: async () => {
      running = false;
      await loop;
      await Promise.all([...inflight]);
    },
  };
}

export async function listAll(regionUrl: string): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: any = await (
      await fetch(`${regionUrl}/items?limit=1000${query}`)
    ).json();
    for (const i of page.items) items.set(i.id, i.version);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

export interface Convergence {
  lost: number;
  diverged: number;
  seconds: number;
}

/** Waits until both clouds hold every acknowledged write (or the timeout), then compares them. */
export async function awaitConvergence(
  regions: { aws: string; azure: string },
  acknowledged: Map<string, string>,
  timeoutMs = 60_000,
): Promise<Convergence> {
  const started = Date.now();
  const readBoth = () =>
    Promise.all([listAll(regions.aws), listAll(regions.azure)]);
  const complete = ([a, z]: Map<string, string>[]) =>
    [...acknowledged.keys()].every(k => a.has(k) && z.has(k)) &&
    [...a.keys()].every(k => z.get(k) === a.get(k));
  let both = await readBoth();
  while (!complete(both) && Date.now() - started < timeoutMs) {
    await new Promise(r => setTimeout(r, 250));
    both = await readBoth();
  }
  const [aws, azure] = both;
  return {
    lost: [...acknowledged.keys()].filter(k => !aws.has(k) || !azure.has(k))
      .length,
    diverged: [...aws.keys()].filter(k => azure.get(k) !== aws.get(k)).length,
    seconds: (Date.now() - started) / 1000,
  };
}
