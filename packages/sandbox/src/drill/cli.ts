/**
 * `npm run drill`: the runbook's drills (each cloud down, its store failing, its link to the other
 * cloud's queue cut, in turn) against a fresh sandbox.
 * Prints one JSON line per drill and writes a dated log under docs/dr-drills/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSandbox } from '../startSandbox';
import { DRILLS, runDrill, type DrillResult } from './runDrill';

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
    for (const scenario of DRILLS) {
      const result = await runDrill(sandbox, scenario, { log });
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
    `# DR drill against the sandbox, ${new Date().toISOString()}\n\nCommand: \`npm run drill\` (20 writes/s through the router; each fault for 15 s in turn, then healed; nobody replays a dead letter).\n\n| drill | RTO (s) | lost | diverged | converge (s) | writes | failed writes | dead-lettered |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n${results
      .map(
        r =>
          `| ${r.drill} | ${r.rto_s} | ${r.lost} | ${r.diverged} | ${r.converge_s} | ${r.writes} | ${r.failed_writes} | ${r.dead_lettered} |`,
      )
      .join('\n')}\n\n## Log\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`,
  );
  console.error(`log written to docs/dr-drills/${file.split('/').pop()}`);
  if (
    results.some(
      r => r.lost || r.diverged || r.dead_lettered || r.rto_s === null,
    )
  )
    process.exit(1);
}

main().catch(error => {
  console.error(`the drill failed: ${error.stack}`);
  process.exit(1);
});
