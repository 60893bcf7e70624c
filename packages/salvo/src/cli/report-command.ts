import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EXIT_CODES, SalvoError } from '../errors.ts';
import { writeFileAtomic } from '../outputs/index.ts';
import { RESULTS_SCHEMA, RESULTS_VERSION, type ResultsDocument } from '../results/index.ts';
import { renderPage } from '../web/page/index.ts';
import { REPORT_HELP } from './help.ts';

/**
 * `salvo report results.json -o report.html`: the HTML report from saved results, the same
 * bytes `--out html=` wrote at the end of that run (the page depends on the document only).
 */
export async function reportCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseReportArgs(args);
  if (values.help) {
    process.stdout.write(REPORT_HELP);
    return EXIT_CODES.passed;
  }
  const [input, ...extra] = positionals;
  if (input === undefined || extra.length > 0 || values.out === undefined) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      input === undefined || values.out === undefined
        ? 'salvo report needs a results file and -o FILE, e.g. salvo report results.json -o report.html'
        : `salvo report takes one results file, got ${positionals.length}`,
      'see `salvo report --help`',
    );
  }
  const doc = await readResultsDocument(input);
  await writeFileAtomic(values.out, renderReport(doc, input));
  process.stdout.write(`report: ${values.out}\n`);
  return EXIT_CODES.passed;
}

function parseReportArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    // parseArgs' messages are one line: "Unknown option '--x'..."
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      (error as Error).message.split('\n')[0]!,
      'see `salvo report --help`',
    );
  }
}

/** Renders, turning a part of the document that does not decode into a user error. */
function renderReport(doc: ResultsDocument, path: string): string {
  try {
    return renderPage({ mode: 'report', doc });
  } catch (error) {
    throw new SalvoError('SALVO_ERR_RESULTS', `${path}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * Reads and checks a results document: a SalvoError('SALVO_ERR_RESULTS') for a missing or
 * unreadable file, one that is not JSON or not a results document, or another version.
 */
export async function readResultsDocument(path: string): Promise<ResultsDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SalvoError('SALVO_ERR_RESULTS', `cannot read ${path} (${code})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new SalvoError('SALVO_ERR_RESULTS', `${path} is not JSON: not a results document`);
  }
  const { schema, version } = (doc ?? {}) as Partial<ResultsDocument>;
  if (schema !== RESULTS_SCHEMA) {
    throw new SalvoError(
      'SALVO_ERR_RESULTS',
      `${path} is not a results document (no "schema": "${RESULTS_SCHEMA}"); write one with --out json=FILE`,
    );
  }
  if (version !== RESULTS_VERSION) {
    throw new SalvoError(
      'SALVO_ERR_RESULTS',
      `${path} is a results document of version ${JSON.stringify(version)}; this Salvo reads version ${RESULTS_VERSION}`,
    );
  }
  const sections = doc as Record<string, unknown>;
  const missing = REQUIRED_SECTIONS.filter(
    (section) => typeof sections[section] !== 'object' || sections[section] === null,
  );
  const series = sections.series as { t?: unknown; byName?: unknown } | undefined;
  if (!missing.includes('series') && (!Array.isArray(series?.t) || typeof series?.byName !== 'object')) {
    missing.push('series');
  }
  if (missing.length > 0) {
    throw new SalvoError(
      'SALVO_ERR_RESULTS',
      `${path} has no valid ${missing.map((section) => `"${section}"`).join(', ')}: a damaged or hand-made results document`,
    );
  }
  return doc as ResultsDocument;
}

/** What `salvo report` and `salvo compare` read of every results document. */
const REQUIRED_SECTIONS = ['meta', 'metrics', 'series', 'histograms'];
