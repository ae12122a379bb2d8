// Runs a set of long-lived processes together: prefixes their output, waits until each answers
// its ready URL, and stops every one of them (whole process groups, so no orphan is left) on
// Ctrl-C, on SIGTERM, or when any of them exits.
import { spawn } from 'node:child_process';

const colors = [36, 35, 33, 32, 34];

export async function runTogether(specs, { onReady } = {}) {
  const children = [];
  let stopping = false;

  const stopAll = code => {
    if (stopping) return;
    stopping = true;
    for (const child of children) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
    }
    const timer = setTimeout(() => {
      for (const child of children) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }
      process.exit(code);
    }, 5000);
    timer.unref();
    Promise.all(
      children.map(
        c => new Promise(r => (c.exitCode !== null ? r() : c.once('exit', r))),
      ),
    ).then(() => process.exit(code));
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  specs.forEach((spec, i) => {
    const color = colors[i % colors.length];
    const prefix = `\x1b[${color}m[${spec.name}]\x1b[0m `;
    const child = spawn(spec.command, spec.args ?? [], {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream.on('data', chunk => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop();
        for (const line of lines) process.stdout.write(prefix + line + '\n');
      });
    }
    child.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`${prefix}exited (${signal ?? code}); stopping everything`);
      stopAll(code || 1);
    });
  });

  await Promise.all(
    specs.map(spec =>
      spec.readyUrl ? waitForUrl(spec.readyUrl, spec.name) : undefined,
    ),
  );
  onReady?.();
  return { stop: stopAll };
}

export async function waitForUrl(url, name, timeoutMs = 300_000) {
  const start = Date.now();
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {}
    if (Date.now() - start > timeoutMs)
      throw new Error(
        `${name} did not answer ${url} within ${timeoutMs / 1000}s`,
      );
    await new Promise(r => setTimeout(r, 500));
  }
}
