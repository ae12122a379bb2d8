/**
 * The disaster-recovery drills of the runbook, against the sandbox: under a steady write load, put
 * one cloud in a fault (down, its store failing, or its link to the other cloud's queue cut); the
 * router fails over where the cloud's health fails (RTO: until every request succeeds again);
 * heal it; then, with nobody replaying anything, verify that both clouds converge (RPO: lost
 * writes, diverged items, time to converge) and that nothing is left dead-lettered.
 */
import type { ChaosMode } from '../region/chaos';
import type { RegionName } from '../region/SandboxRegion';
import type { RunningSandbox } from '../startSandbox';
import { awaitConvergence, startWriteLoad } from '../load/writeLoad';

/** A drill: which cloud, and which fault. */
export interface DrillScenario {
  region: RegionName;
  fault: Exclude<ChaosMode, 'none'>;
}

/** The runbook's drills, in the order `npm run drill` runs them. */
export const DRILLS: DrillScenario[] = [
  { region: 'aws', fault: 'down' },
  { region: 'azure', fault: 'down' },
  { region: 'aws', fault: 'store-failure' },
  { region: 'azure', fault: 'store-failure' },
  { region: 'aws', fault: 'bridge-cut' },
  { region: 'azure', fault: 'bridge-cut' },
];

export interface DrillResult {
  drill: string;
  rto_s: number | null;
  lost: number;
  diverged: number;
  converge_s: number;
  writes: number;
  failed_writes: number;
  /** Events still dead-lettered on either cloud at the end: none should need a person. */
  dead_lettered: number;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export async function runDrill(
  sandbox: RunningSandbox,
  { region: down, fault }: DrillScenario,
  options: {
    rate?: number;
    outageSeconds?: number;
    log?: (line: string) => void;
  } = {},
): Promise<DrillResult> {
  const log = options.log ?? (() => undefined);
  const service =
    sandbox.services.get('orders') ?? [...sandbox.services.values()][0];
  const control = (path: string, body: unknown) =>
    fetch(`${sandbox.controlUrl}/api/services/${service.id}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const load = startWriteLoad(
    `${sandbox.routerUrl}/svc/${service.id}`,
    options.rate ?? 20,
    `drill-${down}-${fault}-${Date.now()}`,
  );
  await sleep(3000);
  log(`${down}: ${fault}, under load`);
  const downAt = Date.now();
  await control(`/regions/${down}/chaos`, { mode: fault });
  await sleep((options.outageSeconds ?? 15) * 1000);
  // RTO: from the outage to the first write after which every write succeeded.
  const during = load.records
    .filter(r => r.at >= downAt)
    .sort((a, b) => a.at - b.at);
  const lastFailure = [...during].reverse().find(r => !r.ok);
  const rto = lastFailure ? (lastFailure.at - downAt) / 1000 : 0;
  const recovered = during.some(
    r => r.ok && (!lastFailure || r.at > lastFailure.at),
  );
  log(`every write succeeds again ${rto.toFixed(1)} s after the fault began`);
  log(`healing ${down}`);
  await control(`/regions/${down}/chaos`, { mode: 'none' });
  await sleep(3000);
  await load.stop();
  // No replay: what the fault held back must arrive by itself (queue redelivery, the relay's
  // parking lot and re-sends, the dead-letter redriver, anti-entropy).
  const convergence = await awaitConvergence(
    { aws: service.regions.aws.url, azure: service.regions.azure.url },
    load.acknowledged,
    120_000,
  );
  const status = await (
    await fetch(`${sandbox.controlUrl}/api/services/${service.id}/status`)
  ).json();
  const deadLettered = Object.values(
    status.regions as Record<string, { deadLetterDepth?: number }>,
  ).reduce((sum, r) => sum + (r.deadLetterDepth ?? 0), 0);
  log(
    `converged in ${convergence.seconds.toFixed(1)} s with nobody replaying: ${
      convergence.lost
    } lost, ${convergence.diverged} diverged, ${deadLettered} dead-lettered`,
  );
  return {
    drill: `${down}-${fault}`,
    rto_s: recovered ? Math.round(rto * 10) / 10 : null,
    lost: convergence.lost,
    diverged: convergence.diverged,
    converge_s: Math.round(convergence.seconds * 10) / 10,
    writes: load.records.length,
    failed_writes: load.records.filter(r => !r.ok).length,
    dead_lettered: deadLettered,
  };
}
