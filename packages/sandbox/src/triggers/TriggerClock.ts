/**
 * The time a trigger's documented rules are measured in. The sandbox runs on the wall clock; the
 * tests compress it (`scaledClock(60)` plays a minute in a second) so that a 10-minute outage is
 * tried in seconds under the very same rules.
 */
export interface TriggerClock {
  now(): number;
  /** Waits `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
}

export const wallClock: TriggerClock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
};

/** A clock that runs `scale` times faster than the wall clock. */
export function scaledClock(scale: number): TriggerClock {
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * scale,
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms / scale)),
  };
}

/** A poll loop's pause that a new commit can cut short, as a push from the store's feed would. */
export class Wakeable {
  private wake?: () => void;

  pause(clock: TriggerClock, ms: number): Promise<void> {
    return new Promise(resolve => {
      this.wake = resolve;
      void clock.sleep(ms).then(resolve);
    });
  }

  notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
