// `npm run sandbox`: the local sandbox alone (both clouds, the router and the control API).
// tsx is started directly (not through yarn) so that Ctrl-C and SIGTERM reach the sandbox.
import { spawn } from 'node:child_process';

const child = spawn('tsx', ['packages/sandbox/src/cli.ts'], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => child.kill(signal));
child.on('exit', code => process.exit(code ?? 0));
