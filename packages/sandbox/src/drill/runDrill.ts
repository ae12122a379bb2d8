/**
 * The disaster-recovery drill of the runbook, against the sandbox: under a steady write load, take
 * one cloud down; the router fails over (RTO: until every request succeeds again); writes go on
 * in the other cloud; bring the cloud back; replay the dead-letter queues; verify that both clouds
 * converge (RPO: lost writes, diverged items, time to converge).
 */
import type { RegionName } from '../region/SandboxRegion';
import type { RunningSandbox } from '../startSandbox';
import { awaitConvergence, startWriteLoad } from '../load/writeLoad';

export interface DrillResult {
  drill: string;
  rto_s: number | null;
  lost: number;
  diverged: number;
  converge_s: number;
  writes: number;
  failed_writes: number;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export async function runDrill(
  sandbox: RunningSandbox,
  down: RegionName,
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
    `drill-${down}-${Date.now()}`,
  );
  await sleep(3000);
  log(`taking ${down} down under load`);
  const downAt = Date.now();
  await control(`/regions/${down}/chaos`, { mode: 'down' });
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
  log(
    `router failed over: every write succeeds again ${rto.toFixed(
      1,
    )} s after the outage`,
  );
  log(`bringing ${down} back`);
  await control(`/regions/${down}/chaos`, { mode: 'none' });
  await sleep(3000);
  await load.stop();
  for (const region of ['aws', 'azure']) {
    const replay = await (
      await control(`/regions/${region}/dlq/replay`, {})
    ).json();
    log(`replayed ${replay.replayed} dead-lettered events into ${region}`);
  }
  const convergence = await awaitConvergence(
    { aws: service.regions.aws.url, azure: service.regions.azure.url },
    load.acknowledged,
  );
  log(
    `converged in ${convergence.seconds.toFixed(1)} s: ${
      convergence.lost
    } lost, ${convergence.diverged} diverged`,
  );
  return {
    drill: `${down}-down`,
    rto_s: recovered ? Math.round(rto * 10) / 10 : null,
    lost: convergence.lost,
    diverged: convergence.diverged,
    converge_s: Math.round(convergence.seconds * 10) / 10,
    writes: load.records.length,
    failed_writes: load.records.filter(r => !r.ok).length,
  };
}
