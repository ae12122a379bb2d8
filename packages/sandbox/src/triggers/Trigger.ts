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

/** Runs `body` until stopped; an exception in it is reported and the loop goes on. */
export class TriggerLoop {
  private running = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly name: string,
    private readonly body: () => Promise<unknown>,
    private readonly onError: InvocationErrorListener = () => undefined,
    private readonly pauseAfterError: () => Promise<void> = () =>
      new Promise(r => setTimeout(r, 100)),
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = (async () => {
      while (this.running) {
        try {
          await this.body();
        } catch (error) {
          if (!this.running) break;
          this.onError(this.name, error as Error);
          await this.pauseAfterError();
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}
