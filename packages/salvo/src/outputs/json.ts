import { constants } from 'node:fs';
import { access, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SalvoError } from '../errors.ts';
import type { Output } from './types.ts';

/** `--out json=FILE`: the results document, written atomically at the end of the run. */

function reason(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ?? error.message.split('\n')[0] ?? 'unknown error';
  }
  return String(error);
}

/** Creates the parent directory of `path` and checks it is writable; a SalvoError if not. */
export async function ensureWritableDir(path: string): Promise<void> {
  const dir = dirname(path);
  try {
    await makeDirectories(dir);
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new SalvoError(
      'SALVO_ERR_OUTPUT',
      `cannot write ${path}: directory ${dir} is not writable (${reason(error)})`,
    );
  }
}

/**
 * `mkdir -p` one level at a time: Node's recursive mkdir never returns under some
 * virtual file systems (it spins on /proc), and a bad --out path must fail, not hang.
 */
async function makeDirectories(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return;
      throw Object.assign(new Error(`${dir} is a file`), { code: 'ENOTDIR' });
    }
    if (code !== 'ENOENT' || dirname(dir) === dir) throw error;
    await makeDirectories(dirname(dir));
    await mkdir(dir);
  }
}

let tempFileCount = 0;

/**
 * Writes `data` to `path` so that readers see either the old file or the whole new one:
 * a temporary file in the same directory, fsync, then rename. Creates the parent directory.
 * Fails with SalvoError('SALVO_ERR_OUTPUT') and leaves no temporary file behind.
 *
 * @example
 * await writeFileAtomic('results/run.json', JSON.stringify(doc));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await ensureWritableDir(path);
  // Unique by process and write; 'wx' refuses a leftover. (No node:crypto: ~3 MB resident.)
  const tmp = `${path}.tmp-${process.pid}-${++tempFileCount}`;
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw new SalvoError('SALVO_ERR_OUTPUT', `cannot write ${path}: ${reason(error)}`);
  }
}

/**
 * The results document as JSON (compact: the per-second series would triple in size
 * pretty-printed). The directory is checked at start so a bad path fails before the run.
 *
 * @example
 * const out = jsonOutput('results/run.json');
 */
export function jsonOutput(path: string): Output {
  return {
    name: `json=${path}`,
    async start() {
      await ensureWritableDir(path);
    },
    interval() {},
    async end(results) {
      await writeFileAtomic(path, `${JSON.stringify(results)}\n`);
    },
  };
}
