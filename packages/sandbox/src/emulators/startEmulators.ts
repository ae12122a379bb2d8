import { fork, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export type EmulatorKind = 'dynalite' | 'cosmos' | 'sqs' | 'servicebus';

export interface EmulatorChild {
  info: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts an emulator in a child process and waits until it says where it listens. */
export function startEmulatorProcess(
  kind: EmulatorKind,
  dataDir: string,
): Promise<EmulatorChild> {
  const child: ChildProcess = fork(
    require.resolve('./emulatorProcess'),
    [kind, dataDir],
    {
      // tsx's main entry registers its loader for CommonJS and ES modules alike.
      execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${kind} did not start within 60 s`)),
      60_000,
    );
    child.once('exit', code =>
      reject(new Error(`${kind} exited with code ${code} before it was ready`)),
    );
    child.once('message', (message: any) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        info: message.ready,
        stop: () =>
          new Promise<void>(done => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            return undefined;
          }),
      });
    });
  });
}
