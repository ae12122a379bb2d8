import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CheckpointStore } from '../ports/ChangeFeed';

export class MemoryCheckpointStore implements CheckpointStore {
  constructor(private value?: string) {}
  async load() {
    return this.value;
  }
  async save(checkpoint: string) {
    this.value = checkpoint;
  }
}

/** A checkpoint in a file, replaced atomically (write then rename) so a crash never tears it. */
export class FileCheckpointStore implements CheckpointStore {
  constructor(private readonly path: string) {}

  async load(): Promise<string | undefined> {
    try {
      return (await readFile(this.path, 'utf8')).trim() || undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async save(checkpoint: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, checkpoint);
    await rename(tmp, this.path);
  }
}
