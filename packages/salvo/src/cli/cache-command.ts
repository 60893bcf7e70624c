import { readFile } from 'node:fs/promises';
import { EXIT_CODES, Problems, SalvoError } from '../errors.ts';
import { cacheKeyLine, cacheSummary, KEY_PLACEHOLDER, runCache } from '../suites/cache/index.ts';
import { checkSuiteOutputs, parseSuiteOutputs, writeSuiteOutputs } from '../suites/report/index.ts';
import { wholeFlag } from './args.ts';
import { SUITE_CACHE_HELP } from './suite-help.ts';
import {
  COMMON_SUITE_OPTIONS,
  parseSuiteArgs,
  stepHttp,
  stoppedSuiteExit,
  suiteTarget,
} from './suite-options.ts';

export const CACHE_OPTIONS = {
  ...COMMON_SUITE_OPTIONS,
  url: { type: 'string', multiple: true },
  key: { type: 'string', multiple: true },
  'keys-file': { type: 'string' },
  warm: { type: 'string' },
  scrape: { type: 'string' },
} as const;

/** `salvo cache --url URL --key K ... [options]`; resolves to the exit code. */
export async function cacheCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseSuiteArgs('cache', args, CACHE_OPTIONS);
  if (values.help) {
    process.stdout.write(SUITE_CACHE_HELP);
    return EXIT_CODES.passed;
  }
  const problems = new Problems();
  const target = suiteTarget('cache', values, positionals, problems, false);
  if (target?.kind === 'urls' && target.requests.length > 1) {
    problems.add(new SalvoError('SALVO_ERR_USAGE', 'salvo cache takes one --url'));
  }
  const request = target?.kind === 'urls' ? target.requests[0] : undefined;
  if (request && !request.url.includes(KEY_PLACEHOLDER) && !request.body?.includes(KEY_PLACEHOLDER)) {
    problems.add(
      new SalvoError(
        'SALVO_ERR_USAGE',
        `put ${KEY_PLACEHOLDER} in --url or --body: where each key goes`,
        `e.g. --body '{"title":"${KEY_PLACEHOLDER}"}'`,
      ),
    );
  }
  const keys = await keysFrom(values.key, values['keys-file'], problems);
  const warmRequests = problems.check(() => wholeFlag(values.warm, 'warm', 1)) ?? 10;
  const scrape = values.scrape;
  if (scrape !== undefined && (!URL.canParse(scrape) || !/^https?:$/.test(new URL(scrape).protocol))) {
    problems.add(
      new SalvoError('SALVO_ERR_USAGE', `--scrape must be an http:// or https:// URL, got "${scrape}"`),
    );
  }
  const outputs = problems.check(() => parseSuiteOutputs(values.out ?? []));
  const http = stepHttp(values, problems);
  problems.throwIfAny();
  await checkSuiteOutputs(outputs!);
  const doc = await runCache({
    request: request!,
    keys,
    warmRequests,
    scrape,
    http,
    onKey: values.quiet ? undefined : (result) => process.stdout.write(`${cacheKeyLine(result)}\n`),
  });
  await writeSuiteOutputs(doc, outputs!);
  if (!values.quiet) process.stdout.write(`\n${cacheSummary(doc)}`);
  return stoppedSuiteExit(doc.meta) ?? (doc.overall === null ? EXIT_CODES.failed : EXIT_CODES.passed);
}

/** `--key` values then the lines of `--keys-file` (blank lines skipped); at least one, none twice. */
async function keysFrom(
  flags: string[] | undefined,
  file: string | undefined,
  problems: Problems,
): Promise<string[]> {
  const keys = [...(flags ?? [])];
  let unreadable = false;
  if (file !== undefined) {
    try {
      keys.push(...(await readFile(file, 'utf8')).split(/\r?\n/).filter((line) => line.trim() !== ''));
    } catch (error) {
      unreadable = true;
      problems.add(
        new SalvoError(
          'SALVO_ERR_USAGE',
          `--keys-file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        ),
      );
    }
  }
  if (keys.length === 0 && !unreadable)
    problems.add(new SalvoError('SALVO_ERR_USAGE', 'no keys: give --key K (repeatable) or --keys-file FILE'));
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key))
      problems.add(
        new SalvoError('SALVO_ERR_USAGE', `key "${key}" given twice: its second cold request would be warm`),
      );
    seen.add(key);
  }
  return keys;
}
