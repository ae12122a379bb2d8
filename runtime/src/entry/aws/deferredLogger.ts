import { onFirstUse } from '../firstUse';
import type { FunctionLogger } from './functions';

export interface DeferredLogger extends FunctionLogger {
  /** Resolves once every line logged so far is written. */
  written(): Promise<void>;
}

/**
 * A logger imported with its first line, for a function that logs only on rare paths (`apply`
 * warns when it dead-letters an event or cannot shorten a failed record's visibility): its cold
 * start does not load Powertools Logger (about 17 KB). Lines are written in order; the handler
 * awaits `written()` before it returns, so no line is lost when Lambda freezes the environment.
 * Should the import fail, the line goes to the console as JSON rather than nowhere.
 */
export function deferredLogger(
  load: () => Promise<FunctionLogger>,
): DeferredLogger {
  const logger = onFirstUse(load);
  let queue: Promise<void> = Promise.resolve();
  const line =
    (level: 'info' | 'warn') =>
    (message: string, details?: Record<string, unknown>) => {
      queue = queue
        .then(async () => (await logger())[level](message, details))
        .catch(error =>
          console[level](
            JSON.stringify({
              level: level.toUpperCase(),
              message,
              ...details,
              loggerError: (error as Error).message,
            }),
          ),
        );
    };
  return { info: line('info'), warn: line('warn'), written: () => queue };
}
