import { SalvoError } from '../../errors.ts';
import { ensureWritableDir, writeFileAtomic } from '../../outputs/index.ts';
import { renderSuitePage, type SuiteDocument } from './suite-page.ts';

/** `--out json=FILE` (the suite's document) or `--out html=FILE` (its report). */
export interface SuiteOutput {
  readonly kind: 'json' | 'html';
  readonly path: string;
}

export function parseSuiteOutputs(specs: readonly string[]): SuiteOutput[] {
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    const kind = spec.slice(0, eq).trim();
    const path = spec.slice(eq + 1).trim();
    if (eq < 0 || (kind !== 'json' && kind !== 'html') || path === '') {
      throw new SalvoError('SALVO_ERR_USAGE', `--out "${spec}": expected json=FILE or html=FILE`);
    }
    return { kind, path };
  });
}

/** Before the suite runs: an output that cannot be written fails it before minutes of measuring. */
export async function checkSuiteOutputs(outputs: readonly SuiteOutput[]): Promise<void> {
  for (const output of outputs) await ensureWritableDir(output.path);
}

/** Writes each output atomically; every one is tried even when another fails (a full disk must not lose the JSON). */
export async function writeSuiteOutputs(doc: SuiteDocument, outputs: readonly SuiteOutput[]): Promise<void> {
  const written = await Promise.allSettled(
    outputs.map((output) =>
      writeFileAtomic(
        output.path,
        output.kind === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : renderSuitePage(doc),
      ),
    ),
  );
  const failed = written.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}
