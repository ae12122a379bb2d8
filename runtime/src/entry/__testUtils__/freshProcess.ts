import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Runs an ES module script in a fresh Node process under tsx (so it may import the runtime's
 * TypeScript) and returns what it passed to `result(value)`. For what Jest's sandbox cannot do: a
 * function's rare paths import their code on first use (`import()`, which Jest runs only with
 * experimental VM modules), and TLS settings such as `NODE_TLS_REJECT_UNAUTHORIZED`, which Node
 * reads from the real environment, not Jest's copy of it.
 */
export async function runInFreshProcess(
  script: string,
  env: Record<string, string | undefined>,
): Promise<unknown> {
  // Exits once the script is done, as Lambda freezes the process after an invocation: clients
  // the script leaves open do not keep it waiting.
  const source = `const result = value => process.stdout.write('\\nRESULT ' + JSON.stringify(value ?? null) + '\\n');\n${script}\nprocess.exit(0);`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', require.resolve('tsx'), '--input-type=module', '-e', source],
    { env: { ...process.env, NODE_NO_WARNINGS: '1', ...env } },
  );
  const line = stdout.split('\n').find(l => l.startsWith('RESULT '));
  if (!line) throw new Error(`the script gave no result:\n${stdout}`);
  return JSON.parse(line.slice('RESULT '.length));
}
