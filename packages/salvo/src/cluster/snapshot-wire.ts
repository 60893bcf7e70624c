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
 * Series entries by type: counter `[id, count]`, rate `[id, passes, fails]`, gauge
 * `[id, value, min, max]`, trend `[id, bytes]`, each with the interval's first sample
 * message after, when it has one.
 */
export interface WireSnapshot {
  readonly runnerId: string;
  readonly index: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly transports?: readonly string[];
  readonly generator?: GeneratorLoad;
  readonly defs?: readonly WireDef[];
  readonly series: readonly WireSeries[];
}

export type WireDef = readonly [
  id: number,
  metric: string,
  type: SeriesSnapshot['type'],
  contains: SeriesSnapshot['contains'],
  tags: Tags,
];
type WireSeries = readonly (number | string)[];
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
    const series: WireSeries[] = [];
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
      const entry: (number | string)[] = [known.id];
      switch (one.type) {
        case 'counter':
          entry.push(one.count ?? 0);
          break;
        case 'rate':
          entry.push(one.passes ?? 0, one.fails ?? 0);
          break;
        case 'gauge':
          entry.push(one.value ?? 0, one.min ?? one.value ?? 0, one.max ?? one.value ?? 0);
          break;
        case 'trend': {
          const bytes = histogramBytes(one.histogram);
          histograms.push(bytes);
          entry.push(bytes.length);
          break;
        }
      }
      if (one.sample !== undefined) entry.push(one.sample);
      series.push(entry);
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
    let offset = 0;
    for (const entry of wire.series) {
      if (!Array.isArray(entry)) return 'a series entry that is not a list';
      // an integer first: "constructor" or "__proto__" would find the array's own properties
      const def = Number.isInteger(entry[0]) ? this.#defs[entry[0] as number] : undefined;
      if (!def) return `series id ${JSON.stringify(entry[0])} was never defined`;
      const width = WIDTH[def.type]!;
      const sample = entry.length === width + 2 ? entry[width + 1] : undefined;
      if (entry.length !== width + 1 && typeof sample !== 'string')
        return `a ${def.type} entry of ${entry.length}`;
      for (let i = 1; i <= width; i++)
        if (typeof entry[i] !== 'number') return `a ${def.type} entry with text`;
      const { metric, type, contains, tags } = def;
      let one: { -readonly [K in keyof SeriesSnapshot]: SeriesSnapshot[K] };
      switch (type) {
        case 'counter':
          one = { metric, type, contains, tags, count: entry[1] as number };
          break;
        case 'rate':
          one = { metric, type, contains, tags, passes: entry[1] as number, fails: entry[2] as number };
          break;
        case 'gauge':
          one = {
            metric,
            type,
            contains,
            tags,
            value: entry[1] as number,
            min: entry[2] as number,
            max: entry[3] as number,
          };
          break;
        case 'trend': {
          const length = entry[1] as number;
          if (!histograms || !Number.isInteger(length) || length < 0 || offset + length > histograms.length)
            return 'histograms shorter than the series say';
          // a plain view: a Buffer's subarray costs several times more to make
          const histogram = new Uint8Array(histograms.buffer, histograms.byteOffset + offset, length);
          one = { metric, type, contains, tags, histogram };
          offset += length;
          break;
        }
      }
      if (sample !== undefined) one.sample = sample as string;
      series.push(one);
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
    (s.defs === undefined || Array.isArray(s.defs))
    ? undefined
    : 'a snapshot without runnerId, index, times or series';
}
