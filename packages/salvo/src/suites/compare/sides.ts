import { decodeHistogram } from '../../metrics/index.ts';
import type { ChangePoint, ResultsDocument, SeriesBlock } from '../../results/index.ts';

/**
 * What compare reads of a run: per request name, the whole-run HDR histogram of
 * http_req_duration and the per-second columns. A side is a whole run, or one target of
 * an A/B run (docs/ab.md), read the same way.
 */

/** The row of the run as a whole, beside the request names. */
const ALL_REQUESTS = '(all requests)';

export interface NameData {
  /** The whole-run histogram of http_req_duration, µs; undefined without a successful decode or any request. */
  readonly histogram: ReturnType<typeof decodeHistogram> | undefined;
  readonly requests: number;
  readonly failures: number;
  /** The per-second columns (requests, failures, p50/p95/p99). */
  readonly seconds: SeriesBlock;
}

export interface Side {
  /** How the side is shown: the file, or `file [A]` for a target. */
  readonly label: string;
  /** One target of an A/B run: its throughput is its share's, so req/s is not compared. */
  readonly target: string | undefined;
  readonly durationMs: number;
  readonly names: ReadonlyMap<string, NameData>;
  readonly changePoints: readonly ChangePoint[];
}

/** The sides of a document: the run, or its targets A and B when it is an A/B run. */
export function sidesOf(doc: ResultsDocument, file: string): Side[] {
  const byTarget = doc.series.byTarget;
  if (byTarget === undefined) return [side(doc, file, doc.series.byName, doc.series.total, undefined)];
  return Object.keys(byTarget)
    .sort()
    .map((target) => side(doc, `${file} [${target}]`, byTarget[target]!, undefined, target));
}

function side(
  doc: ResultsDocument,
  label: string,
  byName: Readonly<Record<string, SeriesBlock>>,
  total: SeriesBlock | undefined,
  target: string | undefined,
): Side {
  const names = new Map<string, NameData>();
  const targetTag = target === undefined ? '' : `,target:${target}`;
  const histogram = (key: string) => {
    const encoded = doc.histograms[key];
    try {
      return encoded === undefined ? undefined : decodeHistogram(encoded);
    } catch (error) {
      throw new Error(`${label}, ${key}: ${(error as Error).message}`);
    }
  };
  if (total) names.set(ALL_REQUESTS, nameData(histogram('http_req_duration'), total));
  for (const name of Object.keys(byName).sort()) {
    names.set(name, nameData(histogram(`http_req_duration{name:${name}${targetTag}}`), byName[name]!));
  }
  const changePoints = target === undefined ? (doc.changePoints ?? []) : [];
  return { label, target, durationMs: doc.meta.durationMs, names, changePoints };
}

function nameData(histogram: NameData['histogram'], seconds: SeriesBlock): NameData {
  return {
    histogram,
    requests: sum(seconds.requests),
    failures: sum(seconds.failures),
    seconds,
  };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
