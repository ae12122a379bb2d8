import { fork, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export type EmulatorKind = 'dynalite' | 'cosmos' | 'sqs' | 'servicebus';

interface Ports {
  port?: number;
  adminPort?: number;
}

export interface EmulatorChild {
  /** Where it listens: the same after a restart. */
  info: Record<string, string>;
  /** False from the moment the process dies until its replacement is ready. */
  readonly healthy: boolean;
  /** How many times it was started again after dying. */
  readonly restarts: number;
  /** The process id of the current emulator process. */
  readonly pid: number | undefined;
  /** Called after each restart, once the new process is ready (re-creating what it lost). */
  onRestart(listener: () => Promise<void> | void): void;
  stop(): Promise<void>;
}

export interface EmulatorProcessOptions {
  /** First wait before starting a dead emulator again; doubles up to 5 s while starts fail. */
  restartDelayMs?: number;
  log?: (line: string) => void;
}

/**
 * Starts an emulator in a child process, waits until it says where it listens, and keeps it
 * alive: a process that dies (a crash, an out-of-memory kill, a stray signal) is started again on
 * the same ports with the same data folder, so clients reconnect to where they were and nothing
 * acknowledged is lost (dynalite keeps LevelDB files, the SQS and Service Bus fakes their
 * journals; cosmosdb-server keeps nothing, so its listeners re-create containers and replay their
 * journals). Meanwhile `healthy` is false and the regions' `/health` fails on the store or queue.
 */
export async function startEmulatorProcess(
  kind: EmulatorKind,
  dataDir: string,
  options: EmulatorProcessOptions = {},
): Promise<EmulatorChild> {
  let current = await launch(kind, dataDir, {});
  const ports = current.ports;
  const listeners: (() => Promise<void> | void)[] = [];
  let healthy = true;
  let stopping = false;
  let restarts = 0;

  /** Called when the current process exits: starts a new one, retrying with backoff. */
  function watch(child: ChildProcess) {
    child.once('exit', (code, signal) => {
      if (stopping) return;
      healthy = false;
      options.log?.(`${kind} exited (${signal ?? `code ${code}`}); restarting`);
      void restart();
    });
  }

  async function relaunch(): Promise<boolean> {
    try {
      current = await launch(kind, dataDir, ports);
      return true;
    } catch (error) {
      options.log?.(`${kind} did not restart: ${(error as Error).message}`);
      return false;
    }
  }

  async function restart() {
    let delay = options.restartDelayMs ?? 250;
    while (!stopping) {
      await sleep(delay);
      if (stopping) return;
      if (await relaunch()) break;
      delay = Math.min(delay * 2, 5000);
    }
    if (stopping) return;
    watch(current.child);
    restarts += 1;
    for (const listener of listeners) {
      try {
        await listener();
      } catch (error) {
        options.log?.(`${kind} restarted, but ${(error as Error).message}`);
      }
    }
    healthy = true;
    options.log?.(`${kind} restarted (pid ${current.child.pid})`);
  }
  watch(current.child);

  return {
    info: current.info,
    get healthy() {
      return healthy;
    },
    get restarts() {
      return restarts;
    },
    get pid() {
      return current.child.pid;
    },
    onRestart: listener => void listeners.push(listener),
    stop: () => {
      stopping = true;
      const child = current.child;
      return new Promise<void>(done => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        // The emulator exits when its parent disconnects; it ignores the group's signals.
        if (child.connected) child.disconnect();
        else child.kill('SIGKILL');
        return undefined;
      });
    },
  };
}

/** Forks one emulator process and waits for it to say where it listens. */
function launch(
  kind: EmulatorKind,
  dataDir: string,
  ports: Ports,
): Promise<{
  child: ChildProcess;
  info: Record<string, string>;
  ports: Ports;
}> {
  const child: ChildProcess = fork(
    require.resolve('./emulatorProcess'),
    [kind, dataDir, JSON.stringify(ports)],
    {
      // tsx's main entry registers its loader for CommonJS and ES modules alike.
      execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${kind} did not start within 60 s`));
    }, 60_000);
    const failed = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited with code ${code} before it was ready`));
    };
    child.once('exit', failed);
    child.once('message', (message: any) => {
      clearTimeout(timer);
      child.removeListener('exit', failed);
      const info: Record<string, string> = message.ready;
      resolve({ child, info, ports: portsOf(info) });
    });
  });
}

/** The ports an emulator listens on, from where it said it listens. */
function portsOf(info: Record<string, string>): Ports {
  // The first colon followed by digits: `http://127.0.0.1:8000`, `Endpoint=sb://127.0.0.1:5672`.
  const portIn = (url: string) => Number(/:(\d+)/.exec(url)?.[1]);
  if (info.connectionString)
    return {
      port: portIn(info.connectionString.split(';')[0]),
      adminPort: portIn(info.adminUrl),
    };
  return { port: portIn(info.endpoint) };
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}
