import type { RecoveryReading } from './types';

/** One reported figure: its time (ms since epoch) and value. */
export interface FigurePoint {
  t: number;
  v: number;
}

/** The redriver's and the reconciler's figures of the last hour, oldest first. */
export interface RecoveryPoints {
  /** `DeadLettersAwaitingPerson`: a level each run reports. */
  awaitingPerson: FigurePoint[];
  /** `DeadLettersRedriven`: a count per run. */
  redriven: FigurePoint[];
  /** `AntiEntropyCompared`, `AntiEntropyDiverged`, `AntiEntropyRepaired`: counts per step. */
  compared: FigurePoint[];
  diverged: FigurePoint[];
  repaired: FigurePoint[];
}

/**
 * Anti-entropy steps further apart than this belong to different rounds. The clouds start rounds
 * every 15 minutes, AWS on the quarter hours and Azure 7 minutes later (runtime/src/entry), so a
 * cloud's steps of one round (its own, or its answers to the other's) come 7 or 8 minutes after
 * the previous round's; the steps of one round follow each other within seconds, a queue hop apart.
 */
export const ROUND_GAP_MS = 3 * 60_000;

/**
 * The portal's reading of the figures: the last run's "awaiting a person", the hour's re-drives,
 * and the last anti-entropy round's steps added up. `periodMs` is how much time one point covers
 * (60 s for one-minute CloudWatch points, 0 for log lines): the data is as of its end.
 */
export function recoveryFrom(
  points: RecoveryPoints,
  periodMs: number,
): RecoveryReading {
  const lastRun = points.awaitingPerson.at(-1);
  const steps = new Map<
    number,
    { compared: number; diverged: number; repaired: number }
  >();
  for (const name of ['compared', 'diverged', 'repaired'] as const)
    for (const p of points[name]) {
      const step = steps.get(p.t) ?? { compared: 0, diverged: 0, repaired: 0 };
      step[name] += p.v;
      steps.set(p.t, step);
    }
  const times = [...steps.keys()].sort((a, b) => a - b);
  let antiEntropy: RecoveryReading['antiEntropy'] = null;
  if (times.length) {
    const round = { compared: 0, diverged: 0, repaired: 0 };
    for (let i = times.length - 1; i >= 0; i--) {
      if (i < times.length - 1 && times[i + 1] - times[i] > ROUND_GAP_MS) break;
      const step = steps.get(times[i])!;
      round.compared += step.compared;
      round.diverged += step.diverged;
      round.repaired += step.repaired;
    }
    antiEntropy = {
      ...round,
      at: new Date(times[times.length - 1] + periodMs).toISOString(),
    };
  }
  return {
    deadLetters: {
      awaitingPerson: lastRun?.v ?? null,
      redrivenLastHour: points.redriven.reduce((n, p) => n + p.v, 0),
      asOf: lastRun ? new Date(lastRun.t + periodMs).toISOString() : null,
    },
    antiEntropy,
  };
}
