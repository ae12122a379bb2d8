/**
 * A dependency built on its first use, typically from a dynamic `import()`: in a function's bundle
 * what it imports becomes a chunk that loads only when that path first runs, so a cold start
 * does not pay for a path its first request may never take (an error path, a dead letter, an
 * anti-entropy answer, the send to the other cloud). A failed build is tried again on the next use.
 */
export function onFirstUse<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () =>
    (built ??= build().catch(error => {
      built = undefined;
      throw error;
    }));
}
