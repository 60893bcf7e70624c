import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SALVO_ENTRY = pathToFileURL(new URL('../../index.ts', import.meta.url).pathname).href;

/** A temporary folder of test files that import Salvo by absolute URL (no install needed). */
export interface TestFiles {
  readonly dir: string;
  /** Writes `name` with `source` after an import of defineTest, between, constant; returns its path. */
  write(name: string, source: string): string;
  remove(): void;
}

export function testFiles(): TestFiles {
  const dir = mkdtempSync(join(tmpdir(), 'salvo-test-'));
  return {
    dir,
    write(name, source) {
      const path = join(dir, name);
      writeFileSync(path, `import { defineTest, between, constant } from '${SALVO_ENTRY}';\n${source}\n`);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
