import { renderPage } from '../web/page/index.ts';
import { ensureWritableDir, writeFileAtomic } from './json.ts';
import type { Output } from './types.ts';

/**
 * `--out html=FILE`: the report (docs/report.md), one self-contained HTML file written
 * atomically at the end of the run from the results document alone, so `salvo report`
 * rebuilds the same bytes from the saved results.json.
 *
 * @example
 * const out = htmlOutput('report.html');
 */
export function htmlOutput(path: string): Output {
  return {
    name: `html=${path}`,
    async start() {
      await ensureWritableDir(path);
    },
    interval() {},
    async end(results) {
      await writeFileAtomic(path, renderPage({ mode: 'report', doc: results }));
    },
  };
}
