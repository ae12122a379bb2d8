import { InFlightWrites } from './InFlightWrites';
import { PollingChangeFeed } from './PollingChangeFeed';
import type { VersionIndex } from '../ports/VersionIndex';

/** An index whose query waits until the test lets it answer with what is committed by then. */
function slowIndex() {
  const committed: { version: string }[] = [];
  let answer: () => void = () => {};
  const index = {
    changesSince: (_region: string, checkpoint: string | undefined) =>
      new Promise(resolve => {
        answer = () =>
          resolve(
            committed
              .filter(c => checkpoint === undefined || c.version > checkpoint)
              .sort((a, b) => a.version.localeCompare(b.version)),
          );
      }),
  } as unknown as VersionIndex;
  return { index, committed, answer: () => answer() };
}

/** Runs a write under the guard that the test commits by calling the returned function. */
function startWrite(
  inFlight: InFlightWrites,
  committed: { version: string }[],
  version: string,
) {
  let commit: () => void = () => {};
  const done = inFlight.track(
    version,
    () =>
      new Promise<void>(resolve => {
        commit = () => {
          committed.push({ version });
          resolve();
        };
      }),
  );
  return async () => {
    commit();
    await done;
  };
}

describe('PollingChangeFeed', () => {
  it('never moves past a write issued during its own query that commits after a newer one', async () => {
    const inFlight = new InFlightWrites();
    const { index, committed, answer } = slowIndex();
    const feed = new PollingChangeFeed({ index, region: 'aws', inFlight });

    // Nothing in flight when the read starts; two writes begin while the query runs.
    const read = feed.read(undefined);
    const commitOlder = startWrite(inFlight, committed, 'v1');
    const commitNewer = startWrite(inFlight, committed, 'v2');
    await commitNewer();
    answer();
    const first = await read;
    // v2 is not relayed yet: v1, issued before it, may still appear.
    expect(first.changes.map(c => c.version)).toEqual([]);

    await commitOlder();
    const second = feed.read(first.checkpoint || undefined);
    answer();
    expect((await second).changes.map(c => c.version)).toEqual(['v1', 'v2']);
  });

  it('holds back behind a write in flight when the read starts', async () => {
    const inFlight = new InFlightWrites();
    const { index, committed, answer } = slowIndex();
    const feed = new PollingChangeFeed({ index, region: 'aws', inFlight });
    const commitOlder = startWrite(inFlight, committed, 'v1');
    const commitNewer = startWrite(inFlight, committed, 'v2');
    await commitNewer();
    const read = feed.read(undefined);
    answer();
    expect((await read).changes).toEqual([]);
    await commitOlder();
    const next = feed.read(undefined);
    answer();
    expect((await next).changes.map(c => c.version)).toEqual(['v1', 'v2']);
  });
});
