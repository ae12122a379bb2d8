// `npm run drill`: the DR drill (AWS down, then Azure down) against a fresh sandbox.
import { spawn } from 'node:child_process';

const child = spawn('tsx', ['packages/sandbox/src/drill/cli.ts'], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => child.kill(signal));
child.on('exit', code => process.exit(code ?? 0));
