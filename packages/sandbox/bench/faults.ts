/**
 * `npm run bench -- faults [--only FAULT[,FAULT]] [--scale N] [--rate N] [--keys N]`: each fault of
 * issue #13 on both clouds' real functions on the trigger harness (memory stores and queues, set
 * as the Terraform modules set them), under writes to both sides on keys both write: the peer
 * queues unreachable for 10 minutes, each store failing for 60 s, the relay throwing on every
 * third batch, the Cosmos DB trigger losing one batch outright. One JSON line per fault: writes,
 * how long after the heal both sides held every acknowledged write as the winner, lost, diverged.
 * Time is the harness's clock, `--scale` (default 10) times faster than the wall clock; the
 * writes are paced on it, and `behind_ms` says how far they ever fell behind. Exits with 1 if
 * anything was lost, diverged or did not converge.
 */
import {
  FAULTS,
  FULL_RUN,
  runFault,
  type Fault,
} from '../src/triggers/faultScenarios';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = flag('only')?.split(',') ?? [...FAULTS];
const unknown = only.filter(f => !(FAULTS as readonly string[]).includes(f));
if (unknown.length) {
  console.error(
    `unknown fault ${unknown.join(', ')}; faults: ${FAULTS.join(', ')}`,
  );
  process.exit(2);
}
/** A positive number given as `--name N`, or the default; anything else ends the run. */
const positive = (name: string, fallback: number) => {
  const given = flag(name);
  const n = Number(given ?? fallback);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} must be a positive number, got ${given}`);
    process.exit(2);
  }
  return n;
};
const settings = {
  ...FULL_RUN,
  scale: positive('scale', FULL_RUN.scale),
  ratePerSecond: positive('rate', FULL_RUN.ratePerSecond),
  keys: Math.ceil(positive('keys', FULL_RUN.keys)),
};

async function main() {
  let healed = true;
  for (const fault of only as Fault[]) {
    const started = Date.now();
    const result = await runFault(fault, settings);
    console.log(
      JSON.stringify({
        bench: 'faults',
        ...result,
        keys: settings.keys,
        clock_scale: settings.scale,
        wall_s: Math.round((Date.now() - started) / 1000),
      }),
    );
    healed &&=
      result.lost === 0 &&
      result.diverged === 0 &&
      result.converged_after_heal_s !== null;
  }
  process.exit(healed ? 0 : 1);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
