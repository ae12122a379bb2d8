/**
 * `npm run drill`: the runbook's two drills (AWS down, then Azure down) against a fresh sandbox.
 * Prints one JSON line per drill and writes a dated log under docs/dr-drills/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSandbox } from '../startSandbox';
import { runDrill, type DrillResult } from './runDrill';

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'drill-'));
  const sandbox = await startSandbox({
    dataDir,
    ports: { router: 0, control: 0, aws: 0, azure: 0 },
  });
  const lines: string[] = [];
  const log = (line: string) => {
    const stamped = `${new Date().toISOString()} ${line}`;
    lines.push(stamped);
    console.error(stamped);
  };
  const results: DrillResult[] = [];
  try {
    for (const region of ['aws', 'azure'] as const) {
      const result = await runDrill(sandbox, region, { log });
      results.push(result);
      console.log(JSON.stringify(result));
    }
  } finally {
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  // npm runs its scripts from the repository root.
  const dir = resolve(process.cwd(), 'docs', 'dr-drills');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().slice(0, 10)}-sandbox.md`);
  writeFileSync(
    file,
    `# DR drill against the sandbox, ${new Date().toISOString()}\n\nCommand: \`npm run drill\` (20 writes/s through the router; each cloud down for 15 s in turn).\n\n| drill | RTO (s) | lost | diverged | converge (s) | writes | failed writes |\n| --- | --- | --- | --- | --- | --- | --- |\n${results
      .map(
        r =>
          `| ${r.drill} | ${r.rto_s} | ${r.lost} | ${r.diverged} | ${r.converge_s} | ${r.writes} | ${r.failed_writes} |`,
      )
      .join('\n')}\n\n## Log\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`,
  );
  console.error(`log written to docs/dr-drills/${file.split('/').pop()}`);
  if (results.some(r => r.lost || r.diverged || r.rto_s === null))
    process.exit(1);
}

main().catch(error => {
  console.error(`the drill failed: ${error.stack}`);
  process.exit(1);
});
