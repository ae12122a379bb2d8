/**
 * One emulator in a process of its own, so the sandbox's emulators, its two regions and its
 * router do not share one thread. Tells the parent where it listens, and exits when the parent
 * goes away (the IPC channel closes), so no emulator outlives the sandbox. Started again after a
 * crash, it is given the ports it had (`ports`, JSON) so clients find it where it was.
 */
import { CLOUD_QUEUE_SETTINGS } from '../triggers/cloudSettings';
import {
  startCosmosDbServer,
  startDynalite,
  startServiceBusFake,
  startSqsFake,
} from '@multicloud/cloud-fakes';

async function main() {
  const [kind, dataDir, portsJson] = process.argv.slice(2);
  const ports: { port?: number; adminPort?: number } = JSON.parse(
    portsJson ?? '{}',
  );
  let info: Record<string, unknown>;
  let stop: () => Promise<void>;
  switch (kind) {
    case 'dynalite': {
      const e = await startDynalite({ dataDir, port: ports.port });
      info = { endpoint: e.endpoint };
      stop = e.stop;
      break;
    }
    case 'cosmos': {
      const e = await startCosmosDbServer({ port: ports.port });
      info = { endpoint: e.endpoint };
      stop = e.stop;
      break;
    }
    case 'sqs': {
      const e = await startSqsFake({ dataDir, port: ports.port });
      info = { endpoint: e.endpoint };
      stop = e.stop;
      break;
    }
    case 'servicebus': {
      const e = await startServiceBusFake({
        dataDir,
        port: ports.port,
        adminPort: ports.adminPort,
        // As the Terraform module sets the inbound queue: 10 deliveries, a 1-minute lock.
        maxDeliveryCount:
          CLOUD_QUEUE_SETTINGS.serviceBusInbound.maxDeliveryCount,
        lockDurationMs: CLOUD_QUEUE_SETTINGS.serviceBusInbound.lockDurationMs,
      });
      info = { connectionString: e.connectionString, adminUrl: e.adminUrl };
      stop = e.stop;
      break;
    }
    default:
      throw new Error(`unknown emulator ${kind}`);
  }
  process.send?.({ ready: info });
  // The parent decides when to stop: it disconnects (or dies, which disconnects too). Ctrl-C and
  // `npm start`'s SIGTERM reach the whole process group; an emulator that obeyed them would exit
  // under a sandbox still running, which would take it for a crash and start it again.
  process.on('disconnect', () => void stop().finally(() => process.exit(0)));
  process.on('SIGTERM', () => undefined);
  process.on('SIGINT', () => undefined);
}

main().catch(error => {
  console.error(`emulator did not start: ${error.message}`);
  process.exit(1);
});
