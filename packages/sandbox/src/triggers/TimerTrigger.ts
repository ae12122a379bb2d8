import type { InvocationContext } from '@azure/functions';
import { invocationContext } from './invocationContext';
import {
  type InvocationErrorListener,
  type Trigger,
  TriggerLoop,
} from './Trigger';
import { type TriggerClock, Wakeable, wallClock } from './TriggerClock';

export interface TimerTriggerOptions {
  name: string;
  /** Time between runs (the NCRONTAB schedule's period). */
  periodMs: number;
  /**
   * How far into each period the runs fall (the schedule's minutes past the hour): the first run
   * comes `periodMs + offsetMs` after the start, then one every `periodMs`. Default 0.
   */
  offsetMs?: number;
  handler: (timer: unknown, context: InvocationContext) => Promise<void>;
  clock?: TriggerClock;
  onError?: InvocationErrorListener;
}

/** A Functions timer trigger on a fixed period (one run at a time, as the host's singleton lock). */
export class TimerTrigger implements Trigger {
  private readonly loop: TriggerLoop;
  private readonly idle = new Wakeable();
  private readonly clock: TriggerClock;
  private started = false;

  constructor(options: TimerTriggerOptions) {
    this.clock = options.clock ?? wallClock;
    this.loop = new TriggerLoop(
      options.name,
      async () => {
        const offset = this.started ? 0 : options.offsetMs ?? 0;
        this.started = true;
        await this.idle.pause(this.clock, options.periodMs + offset);
        if (!this.loop.isRunning) return;
        await options.handler(
          { isPastDue: false },
          invocationContext(options.name),
        );
      },
      options.onError,
      async () => undefined,
    );
  }

  start() {
    this.loop.start();
  }

  async stop() {
    const stopping = this.loop.stop();
    this.idle.notify();
    await stopping;
  }
}
