import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** The names `multicloud:publish:local` accepts; anything else (a path) is never looked up. */
export const REPO_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** A commit's hash: full, or abbreviated to at least 7 digits (git's default abbreviation). */
const SHA = /^[0-9a-f]{7,40}$/;

export interface Commit {
  hash: string;
  author: string;
  date: string;
  subject: string;
}

/** One commit in full: its whole message and what it changed. */
export interface CommitDetails {
  hash: string;
  author: string;
  date: string;
  message: string;
  /** `git show --stat --patch`: the changed files, then the patch. */
  diff: string;
}

/**
 * A bare repository of the local git server, read with the git CLI: its files and history at
 * the default branch's head.
 */
export class LocalRepository {
  private constructor(readonly name: string, private readonly dir: string) {}

  /** The repository, or undefined when the name is not one of the folder's repositories. */
  static open(baseDir: string, name: string): LocalRepository | undefined {
    if (!REPO_NAME.test(name) || name.includes('..')) return undefined;
    const dir = join(baseDir, `${name}.git`);
    return existsSync(dir) ? new LocalRepository(name, dir) : undefined;
  }

  private async git(args: string[], maxBuffer = 10 * 1024 * 1024) {
    const { stdout } = await run('git', ['--git-dir', this.dir, ...args], {
      maxBuffer,
    });
    return stdout;
  }

  /** Every file at HEAD, sorted; empty for a repository without commits. */
  async files(): Promise<string[]> {
    if (!(await this.hasCommits())) return [];
    const out = await this.git(['ls-tree', '-r', '--name-only', 'HEAD']);
    return out.split('\n').filter(Boolean).sort();
  }

  /** The newest commits first, at most `limit`. */
  async log(limit = 50): Promise<Commit[]> {
    if (!(await this.hasCommits())) return [];
    const out = await this.git([
      'log',
      `--max-count=${limit}`,
      '--format=%H%x1f%an%x1f%aI%x1f%s',
      'HEAD',
    ]);
    return out
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [hash, author, date, subject] = line.split('\x1f');
        return { hash, author, date, subject };
      });
  }

  /**
   * The commit a hash names, or undefined when the hash is not one (a ref name, a range, an
   * unknown or ambiguous hash): only commit hashes reach git.
   */
  async commit(sha: string): Promise<CommitDetails | undefined> {
    if (!SHA.test(sha)) return undefined;
    let hash: string;
    try {
      hash = (
        await this.git(['rev-parse', '--verify', '--quiet', `${sha}^{commit}`])
      ).trim();
    } catch {
      return undefined;
    }
    const header = await this.git([
      'log',
      '-1',
      '--format=%an <%ae>%x1f%aI%x1f%B',
      hash,
    ]);
    const [author, date, message] = header.split('\x1f');
    const diff = await this.git([
      'show',
      '--no-color',
      '--format=',
      '--stat',
      '--patch',
      hash,
      '--',
    ]);
    return {
      hash,
      author,
      date,
      message: message.trimEnd(),
      diff: diff.replace(/^\n+/, ''),
    };
  }

  /** A file's text at HEAD, or undefined when there is no such file. */
  async read(path: string): Promise<string | undefined> {
    if (!(await this.files()).includes(path)) return undefined;
    return this.git(['show', `HEAD:${path}`]);
  }

  private async hasCommits() {
    try {
      await this.git(['rev-parse', '--verify', '--quiet', 'HEAD']);
      return true;
    } catch {
      return false;
    }
  }
}
