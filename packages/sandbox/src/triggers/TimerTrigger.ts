import type { InvocationContext } from '@azure/functions';
import { invocationContext } from './invocationContext';
import {
  type InvocationErrorListener,
  type Trigger,
  TriggerLoop,
} from './Trigger';
import type { TriggerClock } from './TriggerClock';

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
  private started = false;

  constructor(options: TimerTriggerOptions) {
    this.loop = new TriggerLoop(
      options.name,
      async () => {
        const offset = this.started ? 0 : options.offsetMs ?? 0;
        this.started = true;
        await this.loop.pause(options.periodMs + offset);
        if (this.loop.stopped) return;
        await options.handler(
          { isPastDue: false },
          invocationContext(options.name),
        );
      },
      { clock: options.clock, onError: options.onError, pauseAfterErrorMs: 0 },
    );
  }

  start() {
    this.loop.start();
  }

  stop() {
    return this.loop.stop();
  }
}
