import { type TriggerClock, Wakeable, wallClock } from './TriggerClock';

/** A running trigger: a loop that invokes an entry point the way a cloud's event source does. */
export interface Trigger {
  start(): void;
  /** Stops taking new work and waits for the invocation in progress. */
  stop(): Promise<void>;
  /** New work may be waiting (a commit): poll now instead of after the poll interval. */
  notify?(): void;
}

/** Where a trigger reports a failed invocation (the sandbox shows the last one). */
export type InvocationErrorListener = (trigger: string, error: Error) => void;

export interface TriggerLoopOptions {
  clock?: TriggerClock;
  onError?: InvocationErrorListener;
  /** The pause after a failed `body` (clock time). Default 100 ms. */
  pauseAfterErrorMs?: number;
}

/**
 * Runs `body` until stopped; an exception in it is reported and the loop goes on after a pause.
 * It owns the trigger's lifecycle: `pause` is the one wait a trigger makes (a poll interval, a
 * retry delay), cut short by `notify()` and by `stop()`, which leaves no timer behind; `stopped`
 * tells an invocation in progress to leave its batch for the next start. A trigger keeps only its
 * poll rules; its `pollOnce` also works without `start()` (tests call it directly).
 */
export class TriggerLoop {
  private running = false;
  private stopRequested = false;
  private done: Promise<void> = Promise.resolve();
  private readonly idle = new Wakeable();
  readonly clock: TriggerClock;

  constructor(
    private readonly name: string,
    private readonly body: () => Promise<unknown>,
    private readonly options: TriggerLoopOptions = {},
  ) {
    this.clock = options.clock ?? wallClock;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Set by `stop()` until the next `start()`: the host is stopping, take no further step. */
  get stopped(): boolean {
    return this.stopRequested;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopRequested = false;
    this.done = (async () => {
      while (this.running) {
        try {
          await this.body();
        } catch (error) {
          if (!this.running) break;
          this.options.onError?.(this.name, error as Error);
          await this.pause(this.options.pauseAfterErrorMs ?? 100);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopRequested = true;
    this.idle.notify();
    await this.done;
  }

  /** Cuts the current pause short: new work may be waiting. */
  notify(): void {
    this.idle.notify();
  }

  /** Waits `ms` of clock time, or until `notify()` or `stop()`; returns at once once stopped. */
  pause(ms: number): Promise<void> {
    if (this.stopRequested) return Promise.resolve();
    return this.idle.pause(this.clock, ms);
  }
}
