/**
 * `npm run bench -- store-outage [--region aws|azure] [--outage S] [--rate N]`: under a steady
 * write load through the router, one cloud's store fails for S seconds (default 60) and heals;
 * nobody replays anything. Prints one JSON line per region: writes, lost and diverged items, the
 * seconds from the heal until both clouds hold every acknowledged write, and what the dead-letter
 * redriver and the reconciler did meanwhile. The sandbox runs its jobs on their defaults (the
 * redriver every minute with the clouds' backoff, the reconciler every 5 minutes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awaitConvergence, startWriteLoad } from '../src/load/writeLoad';
import { startSandbox } from '../src/startSandbox';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const regions = (flag('region') ? [flag('region')] : ['azure', 'aws']) as (
  | 'aws'
  | 'azure'
)[];
const outageSeconds = Number(flag('outage') ?? 60);
const rate = Number(flag('rate') ?? 20);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'store-outage-'));
  const sandbox = await startSandbox({
    dataDir,
    ports: { router: 0, control: 0, aws: 0, azure: 0 },
  });
  try {
    const service = sandbox.services.get('orders')!;
    const chaos = (region: string, mode: string) =>
      fetch(
        `${sandbox.controlUrl}/api/services/orders/regions/${region}/chaos`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ mode }),
        },
      );
    for (const region of regions) {
      const load = startWriteLoad(
        `${sandbox.routerUrl}/svc/orders`,
        rate,
        `outage-${region}-${Date.now()}`,
      );
      await sleep(3000);
      await chaos(region, 'store-failure');
      await sleep(outageSeconds * 1000);
      await chaos(region, 'none');
      const healedAt = Date.now();
      await sleep(3000);
      await load.stop();
      const convergence = await awaitConvergence(
        { aws: service.regions.aws.url, azure: service.regions.azure.url },
        load.acknowledged,
        15 * 60_000,
      );
      const stats = service.regions;
      console.log(
        JSON.stringify({
          bench: 'store-outage',
          region,
          outage_s: outageSeconds,
          rate,
          writes: load.records.length,
          failed_writes: load.records.filter(r => !r.ok).length,
          lost: convergence.lost,
          diverged: convergence.diverged,
          converged_after_heal_s:
            Math.round((Date.now() - healedAt) / 100) / 10,
          redriven: {
            aws: stats.aws.stats.deadLetters.redriven,
            azure: stats.azure.stats.deadLetters.redriven,
          },
          awaiting_person: {
            aws: stats.aws.stats.deadLetters.awaitingPerson,
            azure: stats.azure.stats.deadLetters.awaitingPerson,
          },
          anti_entropy_repaired: {
            aws: stats.aws.stats.antiEntropy.repaired,
            azure: stats.azure.stats.antiEntropy.repaired,
          },
        }),
      );
    }
  } finally {
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
