// Renders the first Mermaid diagram of docs/architecture.md to docs/architecture.png (and keeps
// its source in docs/architecture.mmd), with the mermaid package in Debian's chromium.
//   npm run diagram            render both
//   node scripts/render-diagram.mjs --check   fail if the .mmd (so the PNG) is older than the page
import { chromium } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const markdown = readFileSync('docs/architecture.md', 'utf8');
const source = /```mermaid\n([\s\S]*?)```/.exec(markdown)?.[1];
if (!source) throw new Error('docs/architecture.md has no mermaid block');
if (process.argv.includes('--check')) {
  if (readFileSync('docs/architecture.mmd', 'utf8') !== source) {
    console.error(
      'docs/architecture.md changed its diagram: run `npm run diagram` and commit the PNG',
    );
    process.exit(1);
  }
  process.exit(0);
}
writeFileSync('docs/architecture.mmd', source);

const mermaid = readFileSync(
  require.resolve('mermaid/dist/mermaid.min.js'),
  'utf8',
);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  await page.setContent(
    '<!doctype html><html><body style="background:white"></body></html>',
  );
  await page.addScriptTag({ content: mermaid });
  await page.evaluate(async text => {
    window.mermaid.initialize({
      startOnLoad: false,
      theme: 'default',
      // a fixed-size SVG: with the default max-width it shrinks to its inline-block box
      flowchart: { useMaxWidth: false },
    });
    const { svg } = await window.mermaid.render('architecture', text);
    document.body.innerHTML = `<div id="diagram" style="display:inline-block;padding:16px">${svg}</div>`;
  }, source);
  await page.locator('#diagram').screenshot({ path: 'docs/architecture.png' });
  console.log('wrote docs/architecture.png and docs/architecture.mmd');
} finally {
  await browser.close();
}
