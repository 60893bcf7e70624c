import { parseArgs } from 'node:util';
import { EXIT_CODES, SalvoError } from '../errors.ts';
import { writeFileAtomic } from '../outputs/index.ts';
import {
  type CompareReport,
  compareRuns,
  DEFAULT_RULES,
  FIGURES,
  type Figure,
  type RunInput,
  renderCompare,
  renderCompareHtml,
} from '../suites/compare/index.ts';
import { COMPARE_HELP } from './help.ts';
import { readResultsDocument } from './report-command.ts';

/**
 * `salvo compare A.json B.json [C.json…]`: every run against the first, per request name
 * (docs/compare.md); exit 99 when one regressed beyond the tolerance, so CI can gate on a
 * baseline. One A/B results file alone compares its target B with its target A.
 */
export async function compareCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCompareArgs(args);
  if (values.help) {
    process.stdout.write(COMPARE_HELP);
    return EXIT_CODES.passed;
  }
  const rules = {
    ...DEFAULT_RULES,
    tolerance: shareFlag(values.tolerance, 'tolerance') ?? DEFAULT_RULES.tolerance,
    errorTolerance: shareFlag(values['error-tolerance'], 'error-tolerance') ?? DEFAULT_RULES.errorTolerance,
    figures: figuresFlag(values.figures) ?? DEFAULT_RULES.figures,
  };
  const outputs = (values.out ?? []).map(outSpec);
  if (positionals.length === 0) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      'salvo compare needs results files, e.g. salvo compare base.json new.json',
      'see `salvo compare --help`',
    );
  }
  const inputs: RunInput[] = [];
  for (const file of positionals) inputs.push({ file, doc: await readResultsDocument(file) });
  if (inputs.length === 1 && inputs[0]!.doc.series.byTarget === undefined) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `${positionals[0]} is one run: compare needs two, or one A/B run (salvo run --ab)`,
    );
  }
  const report = decoded(() => compareRuns(inputs, rules));
  process.stdout.write(renderCompare(report, values['no-color'] !== true && process.stdout.isTTY === true));
  for (const { kind, path } of outputs) {
    await writeFileAtomic(
      path,
      kind === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderCompareHtml(report),
    );
  }
  return report.regressed ? EXIT_CODES.failed : EXIT_CODES.passed;
}

/** `salvo compare`'s flags: each is in COMPARE_HELP and docs/cli.md (compare-help.test.ts). */
export const COMPARE_OPTIONS = {
  tolerance: { type: 'string' },
  'error-tolerance': { type: 'string' },
  figures: { type: 'string' },
  out: { type: 'string', short: 'o', multiple: true },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseCompareArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      options: COMPARE_OPTIONS,
    });
  } catch (error) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      (error as Error).message.split('\n')[0]!,
      'see `salvo compare --help`',
    );
  }
}

/** `10%` or `0.1`: a share from 0 up to (not including) 1. */
export function shareFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const percent = value.endsWith('%');
  const number = Number(percent ? value.slice(0, -1) : value);
  const share = percent ? number / 100 : number;
  if (value.trim() === '' || !Number.isFinite(share) || share < 0 || share >= 1) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `--${flag} must be a share like 10% or 0.1 (0 to below 1), got "${value}"`,
    );
  }
  return share;
}

/** `--figures p50,p95,errors`: the figures to judge, in the table's order. */
function figuresFlag(value: string | undefined): Figure[] | undefined {
  if (value === undefined) return undefined;
  const asked = value.split(',').map((word) => (word.trim() === 'errors' ? 'error_rate' : word.trim()));
  const unknown = asked.filter((word) => !(FIGURES as readonly string[]).includes(word));
  if (unknown.length > 0 || asked.length === 0) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `--figures takes rps, p50, p95, p99 and errors, comma-separated; got "${unknown.join(',') || value}"`,
    );
  }
  return FIGURES.filter((figure) => asked.includes(figure));
}

function outSpec(spec: string): { kind: 'json' | 'html'; path: string } {
  const match = /^(json|html)=(.+)$/.exec(spec);
  if (!match) {
    throw new SalvoError('SALVO_ERR_USAGE', `--out must be json=FILE or html=FILE, got "${spec}"`);
  }
  return { kind: match[1] as 'json' | 'html', path: match[2]! };
}

/** A histogram in a results file that does not decode is that file's problem, said in one line. */
function decoded(run: () => CompareReport): CompareReport {
  try {
    return run();
  } catch (error) {
    if (error instanceof SalvoError) throw error;
    throw new SalvoError(
      'SALVO_ERR_RESULTS',
      `a results file has a histogram that does not decode: ${(error as Error).message}`,
    );
  }
}
