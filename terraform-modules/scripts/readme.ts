// Writes each module's README.md from its variables, outputs and examples/basic/main.tf.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDir } from '../src/checks';
import { moduleReadme } from '../src/readme';

const repoRoot = resolve(process.cwd(), '..');
const MODULES = [
  'aws-service',
  'azure-service',
  'global-routing',
  'edge',
  'ci-identity',
  'network-aws',
  'network-azure',
  'acm-certificate',
];

async function main() {
  for (const name of MODULES) {
    const dir = join(repoRoot, 'terraform-modules', name);
    const module = await loadDir(repoRoot, dir);
    const example = readFileSync(join(dir, 'examples/basic/main.tf'), 'utf8');
    writeFileSync(join(dir, 'README.md'), moduleReadme(name, module, example));
    console.log(`wrote terraform-modules/${name}/README.md`);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
