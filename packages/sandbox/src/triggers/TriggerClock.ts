/**
 * The time a trigger's documented rules are measured in. The sandbox runs on the wall clock; the
 * tests compress it (`scaledClock(60)` plays a minute in a second) so that a 10-minute outage is
 * tried in seconds under the very same rules.
 */
export interface TriggerClock {
  now(): number;
  /** Waits `ms` of this clock's time, or less if `signal` aborts (its timer is then cleared). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A timer of `realMs` that an abort ends at once, leaving no timer behind. */
function timer(realMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    let handle: ReturnType<typeof setTimeout> | undefined = undefined;
    const done = () => {
      clearTimeout(handle);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    handle = setTimeout(done, realMs);
    signal?.addEventListener('abort', done);
  });
}

export const wallClock: TriggerClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => timer(ms, signal),
};

/** A clock that runs `scale` times faster than the wall clock. */
export function scaledClock(scale: number): TriggerClock {
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * scale,
    sleep: (ms, signal) => timer(ms / scale, signal),
  };
}

/**
 * A pause that can be cut short: by a new commit (as a push from the store's feed would), or a
 * stop. A notice that comes while no pause runs (the trigger is reading or handing over a batch)
 * is kept for the next pause, which then returns at once: the commit it announces may have
 * landed after the read.
 */
export class Wakeable {
  private waking = new AbortController();
  private pausing = 0;
  private missed = false;

  async pause(clock: TriggerClock, ms: number): Promise<void> {
    if (this.missed) {
      this.missed = false;
      return;
    }
    this.pausing += 1;
    try {
      await clock.sleep(ms, this.waking.signal);
    } finally {
      this.pausing -= 1;
    }
  }

  /** Ends every pause in progress, or the next one if none runs; later pauses wait again. */
  notify(): void {
    if (this.pausing === 0) this.missed = true;
    this.waking.abort();
    this.waking = new AbortController();
  }
}
