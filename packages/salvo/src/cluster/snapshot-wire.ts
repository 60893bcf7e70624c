import { seriesKey } from '../metrics/tags.ts';
import type { GeneratorLoad, IntervalSnapshot, SeriesSnapshot, Tags } from '../metrics/types.ts';

/**
 * How an interval snapshot crosses Redis (protocol 3). A snapshot of a few hundred series
 * as plain JSON repeats every series' metric name and tags each second, and its histograms
 * as base64 strings inside that JSON: parsing that was most of what a coordinator spent
 * per runner. So:
 *
 * - each snapshot stream numbers its series once (an interned dictionary): a series is
 *   defined (`defs`: id, metric, type, contains, tags) in every snapshot from the one it
 *   first appears in until the coordinator holds that one (the `received` hash), so a
 *   snapshot lost with a Redis restart, resent, or read out of order never refers to an
 *   id its reader has not been told; after that it is an id and its numbers;
 * - histograms go as bytes in a second field of the stream entry (`h`), each in
 *   HdrHistogram's standard V2 encoding (uncompressed), one after another: no base64 and
 *   no JSON around them. A trend's entry says how many bytes are its histogram.
 *
 * The series are one flat list of numbers, each series its id then, by type: counter
 * `count`, rate `passes, fails`, gauge `value, min, max`, trend the byte length of its
 * histogram (one list to parse rather than one per series); the interval's first sample
 * message of a series, when it has one, is in `samples` as `[id, message]`.
 */
export interface WireSnapshot {
  readonly runnerId: string;
  readonly index: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly transports?: readonly string[];
  readonly generator?: GeneratorLoad;
  readonly defs?: readonly WireDef[];
  readonly series: readonly number[];
  readonly samples?: readonly (readonly [id: number, message: string])[];
}

export type WireDef = readonly [
  id: number,
  metric: string,
  type: SeriesSnapshot['type'],
  contains: SeriesSnapshot['contains'],
  tags: Tags,
];
type SeriesDef = Pick<SeriesSnapshot, 'metric' | 'type' | 'contains' | 'tags'>;

const TYPES = new Set<string>(['counter', 'rate', 'gauge', 'trend']);
/** Numbers after the id, by type. */
const WIDTH: Record<string, number> = { counter: 1, rate: 2, gauge: 3, trend: 1 };

/** One snapshot stream's side in a runner: numbers its series and writes each snapshot. */
export class SnapshotEncoder {
  /** Series key → id and the interval it was first sent in. */
  readonly #known = new Map<string, { id: number; since: number; def: WireDef }>();

  /**
   * `snapshot` in the wire form; `held` is the last interval of this stream the
   * coordinator holds with every one before it (-1: none known).
   */
  encode(snapshot: IntervalSnapshot, held: number): { snapshot: WireSnapshot; histograms: Buffer } {
    const series: number[] = [];
    const samples: [number, string][] = [];
    const used = new Set<number>();
    const defs: WireDef[] = [];
    const histograms: Buffer[] = [];
    for (const one of snapshot.series) {
      const key = seriesKey(one.metric, one.tags);
      let known = this.#known.get(key);
      if (!known) {
        const id = this.#known.size;
        known = { id, since: snapshot.index, def: [id, one.metric, one.type, one.contains, one.tags] };
        this.#known.set(key, known);
      }
      used.add(known.id);
      series.push(known.id);
      switch (one.type) {
        case 'counter':
          series.push(one.count ?? 0);
          break;
        case 'rate':
          series.push(one.passes ?? 0, one.fails ?? 0);
          break;
        case 'gauge':
          series.push(one.value ?? 0, one.min ?? one.value ?? 0, one.max ?? one.value ?? 0);
          break;
        case 'trend': {
          const bytes = histogramBytes(one.histogram);
          histograms.push(bytes);
          series.push(bytes.length);
          break;
        }
      }
      if (one.sample !== undefined) samples.push([known.id, one.sample]);
    }
    // every series first sent after `held` is defined again: the coordinator may lack it
    for (const known of this.#known.values()) if (known.since > held) defs.push(known.def);
    // a series sent before and absent now is not defined again even if not yet held:
    // only the snapshots that use it need it, and those carry it
    const needed = defs.filter(([id]) => used.has(id));
    const { runnerId, index, startMs, endMs, transports, generator } = snapshot;
    return {
      snapshot: {
        runnerId,
        index,
        startMs,
        endMs,
        ...(transports ? { transports } : {}),
        ...(generator ? { generator } : {}),
        ...(needed.length > 0 ? { defs: needed } : {}),
        series,
        ...(samples.length > 0 ? { samples } : {}),
      },
      histograms: Buffer.concat(histograms),
    };
  }
}

function histogramBytes(histogram: SeriesSnapshot['histogram']): Buffer {
  if (histogram === undefined) return Buffer.alloc(0);
  if (typeof histogram === 'string') return Buffer.from(histogram, 'base64');
  return Buffer.from(histogram);
}

/**
 * One snapshot stream's side in the coordinator: keeps the stream's dictionary and turns
 * wire snapshots back into interval snapshots, checking them on the way.
 */
export class SnapshotDecoder {
  readonly #defs: (SeriesDef | undefined)[] = [];

  /** The snapshot, or why it cannot be read. */
  decode(wire: WireSnapshot, histograms: Buffer | undefined): IntervalSnapshot | string {
    for (const def of wire.defs ?? []) {
      const problem = defProblem(def);
      if (problem) return problem;
      const [id, metric, type, contains, tags] = def;
      this.#defs[id] = { metric, type, contains, tags };
    }
    const series: SeriesSnapshot[] = [];
    const numbers = wire.series;
    // where each id's series is, for the samples (rare: errors)
    const byId = wire.samples ? new Map<number, SeriesSnapshot>() : undefined;
    let offset = 0;
    for (let at = 0; at < numbers.length; ) {
      const id = numbers[at++];
      // an integer first: "constructor" or "__proto__" would find the array's own properties
      const def = Number.isInteger(id) ? this.#defs[id as number] : undefined;
      if (!def) return `series id ${JSON.stringify(id)} was never defined`;
      const width = WIDTH[def.type]!;
      if (at + width > numbers.length) return `a ${def.type} cut short`;
      for (let i = at; i < at + width; i++)
        if (typeof numbers[i] !== 'number') return `a ${def.type} with text`;
      const { metric, type, contains, tags } = def;
      switch (type) {
        case 'counter':
          series.push({ metric, type, contains, tags, count: numbers[at]! });
          break;
        case 'rate':
          series.push({ metric, type, contains, tags, passes: numbers[at]!, fails: numbers[at + 1]! });
          break;
        case 'gauge':
          series.push({
            metric,
            type,
            contains,
            tags,
            value: numbers[at]!,
            min: numbers[at + 1]!,
            max: numbers[at + 2]!,
          });
          break;
        case 'trend': {
          const length = numbers[at]!;
          if (!histograms || !Number.isInteger(length) || length < 0 || offset + length > histograms.length)
            return 'histograms shorter than the series say';
          // a plain view: a Buffer's subarray costs several times more to make
          const histogram = new Uint8Array(histograms.buffer, histograms.byteOffset + offset, length);
          series.push({ metric, type, contains, tags, histogram });
          offset += length;
          break;
        }
      }
      at += width;
      byId?.set(id as number, series[series.length - 1]!);
    }
    for (const sample of wire.samples ?? []) {
      const [id, message] = Array.isArray(sample) ? sample : [];
      const one = byId?.get(id as number);
      if (!one || typeof message !== 'string') return 'a sample of no series in the snapshot';
      (one as { sample?: string }).sample = message;
    }
    const { runnerId, index, startMs, endMs, transports, generator } = wire;
    return {
      runnerId,
      index,
      startMs,
      endMs,
      ...(transports ? { transports } : {}),
      ...(generator ? { generator } : {}),
      series,
    };
  }
}

function defProblem(def: unknown): string | undefined {
  if (!Array.isArray(def) || def.length !== 5)
    return 'a series definition that is not [id, metric, type, contains, tags]';
  const [id, metric, type, contains, tags] = def as unknown[];
  if (!Number.isInteger(id) || (id as number) < 0 || (id as number) > 1_000_000)
    return 'a series id out of range';
  if (typeof metric !== 'string' || typeof contains !== 'string' || !TYPES.has(type as string))
    return `series ${String(id)}: a metric, type or contains of the wrong kind`;
  if (
    typeof tags !== 'object' ||
    tags === null ||
    Array.isArray(tags) ||
    Object.values(tags).some((value) => typeof value !== 'string')
  )
    return `series ${String(id)}: tags not an object of strings`;
  return undefined;
}

/** Why a wire snapshot's frame cannot be read, or undefined (its series are checked as decoded). */
export function wireSnapshotProblem(wire: unknown): string | undefined {
  const s = wire as Partial<Record<keyof WireSnapshot, unknown>> | undefined;
  return s &&
    typeof s.runnerId === 'string' &&
    Number.isInteger(s.index) &&
    typeof s.startMs === 'number' &&
    typeof s.endMs === 'number' &&
    Array.isArray(s.series) &&
    (s.defs === undefined || Array.isArray(s.defs)) &&
    (s.samples === undefined || Array.isArray(s.samples))
    ? undefined
    : 'a snapshot without runnerId, index, times or series';
}
