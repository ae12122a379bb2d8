import type { Commit, CommitDetails } from './LocalRepository';

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td{padding:.2rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
code,pre{font-family:ui-monospace,monospace}pre{background:#f6f8fa;padding:1rem;overflow:auto}
td.hash{white-space:nowrap}a{color:#0366d6}
</style></head><body>${body}</body></html>`;

/** The repository's front page: how to clone it, its files and its history. */
export function repositoryPage(options: {
  name: string;
  cloneUrl: string;
  files: string[];
  log: Commit[];
}): string {
  const { name, cloneUrl, files, log } = options;
  const fileRows = files
    .map(
      f =>
        `<li><a href="${escape(name)}/files/${f
          .split('/')
          .map(encodeURIComponent)
          .join('/')}">${escape(f)}</a></li>`,
    )
    .join('');
  const commitRows = log
    .map(
      c =>
        `<tr><td class="hash"><a href="${escape(name)}/commits/${
          c.hash
        }"><code>${c.hash.slice(0, 8)}</code></a></td><td>${escape(
          c.subject,
        )}</td><td>${escape(c.author)}</td><td>${escape(c.date)}</td></tr>`,
    )
    .join('');
  return page(
    `${name}.git`,
    `<h1>${escape(name)}.git</h1>
<p>On the sandbox's local git server. Clone it with <code>git clone ${escape(
      cloneUrl,
    )}</code></p>
<h2>History</h2>
${
  log.length
    ? `<table aria-label="History">${commitRows}</table>`
    : '<p>No commits yet.</p>'
}
<h2>Files</h2>
${
  files.length ? `<ul aria-label="Files">${fileRows}</ul>` : '<p>No files.</p>'
}`,
  );
}

/** One file's text at the head of the default branch. */
export function filePage(options: {
  name: string;
  path: string;
  text: string;
}): string {
  const { name, path, text } = options;
  const back = `${'../'.repeat(path.split('/').length + 1)}${encodeURIComponent(
    name,
  )}`;
  return page(
    `${path} · ${name}.git`,
    `<p><a href="${back}">${escape(name)}.git</a></p>
<h1>${escape(path)}</h1><pre>${escape(text)}</pre>`,
  );
}

/** One commit: who made it and when, its message, and its diff. */
export function commitPage(options: {
  name: string;
  commit: CommitDetails;
}): string {
  const { name, commit } = options;
  return page(
    `${commit.hash.slice(0, 8)} · ${name}.git`,
    `<p><a href="../../${encodeURIComponent(name)}">${escape(name)}.git</a></p>
<h1>Commit <code>${commit.hash}</code></h1>
<table aria-label="Commit">
<tr><td>Author</td><td>${escape(commit.author)}</td></tr>
<tr><td>Date</td><td>${escape(commit.date)}</td></tr>
</table>
<pre aria-label="Message">${escape(commit.message)}</pre>
<h2>Changes</h2>
<pre aria-label="Diff">${escape(commit.diff)}</pre>`,
  );
}
