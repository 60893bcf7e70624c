/**
 * The demo's last lines: what each step found, whether it passed, and where its files are,
 * read back from the documents the steps wrote (so they say what the files say), and the
 * demo's exit code: 0 when every step passed, else the first step's code that did not.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { MetricSummary, ResultsDocument } from '../packages/salvo/src/results/index.ts';
import type { CacheDocument } from '../packages/salvo/src/suites/cache/index.ts';
import type { SweepDocument } from '../packages/salvo/src/suites/sweep/index.ts';

/** Each step's salvo exit code; a step that did not run has none. */
export interface StepCodes {
  run?: number;
  sweep?: number;
  cache?: number;
}

export interface Verdict {
  lines: string[];
  exitCode: number;
}

function readDocument<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function ms(value: number | undefined | null): string {
  if (value === undefined || value === null) return '-';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toPrecision(3)} ms`;
}

const percent = (ratio: number): string => `${(ratio * 100).toFixed(2)} %`;
const times = (ratio: number): string => `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}x`;

function thresholdLines(doc: ResultsDocument): { met: number; crossed: string[] } {
  let met = 0;
  const crossed: string[] = [];
  for (const [key, entry] of Object.entries(doc.metrics) as [string, MetricSummary][]) {
    for (const [expression, outcome] of Object.entries(entry.thresholds ?? {})) {
      if (outcome.ok) met++;
      else if (outcome.noData) crossed.push(`${key} ${expression} (no data)`);
      else {
        const actual = entry.contains === 'time' ? ms(outcome.actual) : String(outcome.actual);
        crossed.push(`${key} ${expression} (was ${actual})`);
      }
    }
  }
  return { met, crossed };
}

const trend = (doc: ResultsDocument, key: string, stat: string): number | undefined => {
  const values = doc.metrics[key]?.values as Record<string, number> | undefined;
  return values && (values.count ?? 0) > 0 ? values[stat] : undefined;
};

function runLine(doc: ResultsDocument | undefined, code: number): string {
  if (!doc) return `1/3 load test   FAILED (exit ${code}): no results written (its error is above)`;
  const { met, crossed } = thresholdLines(doc);
  const requests = doc.metrics.http_reqs?.values as { count?: number } | undefined;
  const failed = doc.metrics.http_req_failed?.values as { rate?: number } | undefined;
  const load = `${requests?.count ?? 0} requests, ${percent(failed?.rate ?? 0)} failed`;
  const drafts = trend(doc, 'stream_time_to_first_event', 'count');
  const streams =
    drafts === undefined
      ? 'no AI draft streamed'
      : `${drafts} AI drafts streamed, first token p95 ${ms(trend(doc, 'stream_time_to_first_event', 'p(95)'))}, ` +
        `median ${trend(doc, 'draft_tokens_per_second', 'med') ?? '-'} tokens/s`;
  const verdict =
    code === 0
      ? `passed: ${met} thresholds met`
      : `FAILED (exit ${code}, ${doc.meta.outcome.replace(/_/g, ' ')}): ${crossed.join('; ') || doc.meta.reason || ''}`;
  return `1/3 load test   ${verdict}; ${load}; ${streams}`;
}

function sweepLine(doc: SweepDocument | undefined, code: number): string {
  if (!doc) return `2/3 sweep       FAILED (exit ${code}): no document written (its error is above)`;
  const knees = doc.endpoints
    .map((endpoint) =>
      endpoint.knee
        ? `${endpoint.name} at ${endpoint.knee.level} VUs (${endpoint.knee.goodputRps.toFixed(0)} req/s)`
        : `${endpoint.name} none (throughput kept growing, or never grew)`,
    )
    .join(' · ');
  const verdict = code === 0 ? doc.meta.outcome : `FAILED (exit ${code}, ${doc.meta.outcome})`;
  return `2/3 sweep       ${verdict}: knees ${knees}`;
}

function cacheLine(doc: CacheDocument | undefined, code: number): string {
  if (!doc) return `3/3 cache       FAILED (exit ${code}): no document written (its error is above)`;
  const failedKeys = doc.keys.filter((key) => key.status !== 'ok').length;
  const speedUp = doc.overall?.speedUp;
  const figures = [
    speedUp
      ? `warm drafts ${times(speedUp.estimate)} faster (95 % interval ${times(speedUp.low)} to ${times(speedUp.high)})`
      : 'no speed-up (no cold draft succeeded)',
    doc.hitRatio?.ratio === null || doc.hitRatio === null
      ? undefined
      : `hit ratio ${percent(doc.hitRatio.ratio)}`,
    failedKeys > 0 ? `${failedKeys} of ${doc.keys.length} cold drafts failed` : undefined,
  ].filter(Boolean);
  const verdict = code === 0 ? doc.meta.outcome : `FAILED (exit ${code}, ${doc.meta.outcome})`;
  return `3/3 cache       ${verdict}: ${figures.join(', ')}`;
}

const FILES = [
  [
    'report.html',
    "the load test's report: requests, latency, the Streams tab (first token, tokens/s), the blog's metrics",
  ],
  ['sweep.html', 'the sweep: throughput and latency against concurrency, the knee, the USL fit'],
  ['cache.html', 'the cache test: cold and warm drafts, the speed-up'],
  ['results.json', 'the load test as data (also results.csv); sweep.json and cache.json for the suites'],
] as const;

/** The demo's closing lines and exit code. */
export function demoVerdict(
  dir: string,
  codes: StepCodes,
  how: { interrupted: boolean; elapsedMs: number },
): Verdict {
  const steps = [
    codes.run === undefined ? undefined : runLine(readDocument(`${dir}/results.json`), codes.run),
    codes.sweep === undefined ? undefined : sweepLine(readDocument(`${dir}/sweep.json`), codes.sweep),
    codes.cache === undefined ? undefined : cacheLine(readDocument(`${dir}/cache.json`), codes.cache),
  ].filter((line): line is string => line !== undefined);
  const ran = [codes.run, codes.sweep, codes.cache].filter((code) => code !== undefined);
  const exitCode = how.interrupted ? 2 : (ran.find((code) => code !== 0) ?? 0);
  const seconds = Math.round(how.elapsedMs / 1000);
  const took = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  const outcome = how.interrupted ? 'INTERRUPTED' : exitCode === 0 ? 'PASSED' : 'FAILED';
  const files = FILES.filter(([file]) => existsSync(`${dir}/${file}`)).map(
    ([file, what]) => `   ${file.padEnd(13)} ${what}`,
  );
  const report = existsSync(`${dir}/report.html`) ? [`open file://${dir}/report.html`] : [];
  return {
    lines: [
      `== the demo ${outcome} after ${took} (exit code ${exitCode})`,
      ...steps.map((line) => `   ${line}`),
      `files in ${dir}:`,
      ...files,
      ...report,
    ],
    exitCode,
  };
}
