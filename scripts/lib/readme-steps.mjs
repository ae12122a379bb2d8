// The README steps the adoption check applies, read from the READMEs themselves: every fenced
// code block right after a `<!-- adopt-check: ACTION [FILE] -->` line is a step. A README step
// that no longer applies (a line of the template it edits is gone, a package it adds is not one
// of ours, a block that no longer parses) throws, so the check fails with the README named.
//
// Actions:
//   add            sh: `yarn --cwd <workspace> add <package>...`, the packages taken from the
//                  packed tarballs (written to the workspace's package.json; one install later)
//   insert FILE    ts: its imports go on top of FILE, its statements before `backend.start();`
//   remove FILE    ts: the block, as it stands in FILE, is taken out of it
//   merge FILE     json: the block (an object, or its members) is merged into FILE;
//                  `file:/path/to/NAME.tgz` points at the packed tarball NAME
//   config         yaml: written to app-config.local.yaml (the app's local config)
//   entity         yaml: a catalog entity, written to the entity file the check registers
import fs from 'node:fs';
import path from 'node:path';

/** The READMEs the check reads, in the order their steps apply. */
export const README_FILES = [
  'plugins/multicloud-common/README.md',
  'plugins/multicloud-backend/README.md',
  'plugins/scaffolder-backend-module-multicloud/README.md',
  'plugins/multicloud/README.md',
  'docs/adopt.md',
];

const MARKER = /^<!--\s*adopt-check:\s*(\S+)(?:\s+(\S+))?\s*-->\s*$/;

/** The marked blocks of one Markdown text: { action, target, lang, code, line }. */
export function parseSteps(markdown, source) {
  const lines = markdown.split('\n');
  const steps = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i].trim());
    if (!marker) continue;
    const fence = /^```(\w*)/.exec(lines[i + 1] ?? '');
    if (!fence) {
      throw new Error(
        `${source}:${
          i + 1
        }: an adopt-check marker must be followed by a code block`,
      );
    }
    const end = lines.findIndex((l, j) => j > i + 1 && l.startsWith('```'));
    if (end < 0) throw new Error(`${source}:${i + 2}: unclosed code block`);
    steps.push({
      action: marker[1],
      target: marker[2],
      lang: fence[1],
      code: lines.slice(i + 2, end).join('\n'),
      source: `${source}:${i + 2}`,
    });
    i = end;
  }
  return steps;
}

/** `yarn --cwd WS add PKG...` commands of a shell block (backslash continuations joined). */
export function parseYarnAdds(code) {
  return code
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'))
    .map(l => {
      const m = /^yarn --cwd (\S+) add ((?:\S+\s*)+)$/.exec(l);
      if (!m)
        throw new Error(`not a "yarn --cwd <workspace> add" command: ${l}`);
      return { workspace: m[1], packages: m[2].trim().split(/\s+/) };
    });
}

/** FILE with the imports of a TypeScript block on top and its statements before backend.start(). */
export function insertIntoBackend(file, code) {
  const anchor = 'backend.start();';
  if (!file.includes(anchor)) throw new Error(`the file has no "${anchor}"`);
  const body = code
    .split('\n')
    .filter(l => !/^\s*\/\//.test(l))
    .join('\n');
  const imports = body.match(/^import [^;]+;$/gm) ?? [];
  const statements = imports
    .reduce((rest, imp) => rest.replace(imp, ''), body)
    .trim();
  const withStatements = statements
    ? file.replace(anchor, `${statements}\n\n${anchor}`)
    : file;
  return imports.length
    ? `${imports.join('\n')}\n${withStatements}`
    : withStatements;
}

/** FILE without the block, which must stand in it as written. */
export function removeFromFile(file, code) {
  const block = code.trim();
  if (!file.includes(block)) {
    throw new Error(`the file no longer contains:\n${block}`);
  }
  return file.replace(block, '');
}

/** The JSON of a block that is an object or its members, tarball paths pointing at PACKS. */
export function parseJsonBlock(code, packs) {
  const text = code.trim().startsWith('{') ? code : `{${code}}`;
  return JSON.parse(
    text.replace(/file:\/path\/to\/([\w-]+)\.tgz/g, `file:${packs}/$1.tgz`),
  );
}

function mergeDeep(into, from) {
  for (const [k, v] of Object.entries(from)) {
    into[k] =
      v && typeof v === 'object' && !Array.isArray(v)
        ? mergeDeep({ ...(into[k] ?? {}) }, v)
        : v;
  }
  return into;
}

/**
 * Applies every marked step of README_FILES to the app. `tarballs` maps each package name to
 * its packed tarball; `entityFile` is where catalog entities go. Returns the applied steps.
 */
export function applyReadmeSteps({ repo, app, packs, tarballs, entityFile }) {
  const applied = [];
  const edit = (rel, fn) => {
    const file = path.join(app, rel);
    if (!fs.existsSync(file)) throw new Error(`the app has no ${rel}`);
    fs.writeFileSync(file, fn(fs.readFileSync(file, 'utf8')));
  };
  for (const readme of README_FILES) {
    const steps = parseSteps(
      fs.readFileSync(path.join(repo, readme), 'utf8'),
      readme,
    );
    if (steps.length === 0) {
      throw new Error(`${readme} has no adopt-check step`);
    }
    for (const step of steps) {
      try {
        applyStep(step);
      } catch (e) {
        throw new Error(
          `README step ${step.source} (${step.action}): ${e.message}`,
        );
      }
      applied.push(step);
    }
  }
  return applied;

  function applyStep({ action, target, code }) {
    switch (action) {
      case 'add':
        for (const { workspace, packages } of parseYarnAdds(code)) {
          edit(path.join(workspace, 'package.json'), text => {
            const pkg = JSON.parse(text);
            for (const name of packages) {
              if (!tarballs[name])
                throw new Error(`${name} is not one of the packed packages`);
              pkg.dependencies = {
                ...pkg.dependencies,
                [name]: `file:${tarballs[name]}`,
              };
            }
            return `${JSON.stringify(pkg, null, 2)}\n`;
          });
        }
        return;
      case 'insert':
        return edit(target, text => insertIntoBackend(text, code));
      case 'remove':
        return edit(target, text => removeFromFile(text, code));
      case 'merge':
        return edit(
          target,
          text =>
            `${JSON.stringify(
              mergeDeep(JSON.parse(text), parseJsonBlock(code, packs)),
              null,
              2,
            )}\n`,
        );
      case 'config':
        return fs.appendFileSync(
          path.join(app, 'app-config.local.yaml'),
          `${code}\n`,
        );
      case 'entity':
        return fs.appendFileSync(entityFile, `---\n${code}\n`);
      default:
        throw new Error(`unknown action ${action}`);
    }
  }
}
