import type { Recorder, SeriesId, Tags } from '../metrics/types.ts';
import { faultRoutingAdopted } from './fault-routing.ts';
import type { ErrorKind, PhaseTimings } from './types.ts';

/** The series ids of one (name, method, status, extra tags) combination. */
interface StatusSeries {
  readonly reqs: SeriesId;
  readonly duration: SeriesId;
  readonly waiting: SeriesId;
  readonly connecting: SeriesId;
  readonly tlsHandshaking: SeriesId;
  readonly sending: SeriesId;
  readonly receiving: SeriesId;
  readonly blocked: SeriesId;
  readonly failed: SeriesId;
  readonly responseTime: SeriesId;
  /** data_* per request name: the untagged totals are their sum, series.byName reads them. */
  readonly dataSent: SeriesId;
  readonly dataReceived: SeriesId;
}

/** Everything cached for one (name, method, extra tags): ids by status, errors by kind. */
export class RequestSeries {
  readonly tags: Tags;
  readonly name: string;
  private readonly recorder: Recorder;
  private readonly byStatus = new Map<number, StatusSeries>();
  /** The last status asked for: a request asks twice, and most requests get the same status. */
  private lastStatus = -1;
  private lastStatusSeries: StatusSeries | undefined;
  private errorsByKind: Map<ErrorKind, SeriesId> | undefined; // most series never see an error
  private retries: SeriesId | undefined;
  /** The same request's series when the fault proxy marked the attempt, by fault kind. */
  private injectedByKind: Map<string, RequestSeries> | undefined;

  constructor(recorder: Recorder, tags: Tags, name: string) {
    this.recorder = recorder;
    this.tags = tags;
    this.name = name;
  }

  forStatus(status: number): StatusSeries {
    if (status === this.lastStatus) return this.lastStatusSeries as StatusSeries;
    let series = this.byStatus.get(status);
    if (series === undefined) {
      const r = this.recorder;
      const tags = { ...this.tags, status: String(status) };
      series = {
        reqs: r.series('http_reqs', tags),
        duration: r.series('http_req_duration', tags),
        waiting: r.series('http_req_waiting', tags),
        connecting: r.series('http_req_connecting', tags),
        tlsHandshaking: r.series('http_req_tls_handshaking', tags),
        sending: r.series('http_req_sending', tags),
        receiving: r.series('http_req_receiving', tags),
        blocked: r.series('http_req_blocked', tags),
        failed: r.series('http_req_failed', tags),
        responseTime: r.series('response_time', tags),
        dataSent: r.series('data_sent', tags),
        dataReceived: r.series('data_received', tags),
      };
      this.byStatus.set(status, series);
    }
    this.lastStatus = status;
    this.lastStatusSeries = series;
    return series;
  }

  errorSeries(kind: ErrorKind): SeriesId {
    this.errorsByKind ??= new Map();
    let id = this.errorsByKind.get(kind);
    if (id === undefined) {
      const { method: _method, ...tags } = this.tags;
      id = this.recorder.series('errors', { ...tags, kind });
      this.errorsByKind.set(kind, id);
    }
    return id;
  }

  /**
   * The series of an attempt the fault proxy marked (docs/proxy.md): these tags plus
   * `injected:true` and `fault:<kind>`, so injected failures and times stay apart from real ones.
   */
  injected(kind: string): RequestSeries {
    this.injectedByKind ??= new Map();
    let series = this.injectedByKind.get(kind);
    if (series === undefined) {
      const tags = { ...this.tags, injected: 'true', fault: kind };
      series = new RequestSeries(this.recorder, tags, this.name);
      this.injectedByKind.set(kind, series);
    }
    return series;
  }

  retrySeries(): SeriesId {
    this.retries ??= this.recorder.series('http_req_retries', this.tags);
    return this.retries;
  }
}

/**
 * The RequestSeries of one scenario's requests, by (name, method, extra tags). One is shared
 * by all VUs of a scenario (they record into one recorder with the same base tags), so a
 * thousand VUs keep one set of maps, not a thousand.
 */
export class RequestSeriesCache {
  private readonly recorder: Recorder;
  private readonly baseTags: Tags;
  private readonly byName = new Map<string, Map<string, RequestSeries>>();
  private byKey: Map<string, RequestSeries> | undefined;
  /** The last tagged lookup: test code passes a fresh literal per request, mostly with the same tags. */
  private lastTagged:
    | { name: string; method: string; tags: Record<string, string>; count: number; series: RequestSeries }
    | undefined;

  constructor(recorder: Recorder, baseTags: Tags) {
    this.recorder = recorder;
    // behind a fault proxy every request says whether it was hit, so `{injected:false}` selects the real ones
    this.baseTags = faultRoutingAdopted() ? { ...baseTags, injected: 'false' } : baseTags;
  }

  /** Cached per (name, method); with extra tags, per their key (built only when they change). */
  for(name: string, method: string, tags: Readonly<Record<string, string>> | undefined): RequestSeries {
    if (tags !== undefined) return this.withTags(name, method, tags);
    let byMethod = this.byName.get(name);
    if (byMethod === undefined) {
      byMethod = new Map();
      this.byName.set(name, byMethod);
    }
    let series = byMethod.get(method);
    if (series === undefined) {
      series = new RequestSeries(this.recorder, { ...this.baseTags, name, method }, name);
      byMethod.set(method, series);
    }
    return series;
  }

  private withTags(name: string, method: string, tags: Readonly<Record<string, string>>): RequestSeries {
    const last = this.lastTagged;
    if (
      last !== undefined &&
      last.name === name &&
      last.method === method &&
      sameTags(last.tags, last.count, tags)
    ) {
      return last.series;
    }
    const series = this.byTagsKey(name, method, tags);
    const copy = { ...tags };
    this.lastTagged = { name, method, tags: copy, count: Object.keys(copy).length, series };
    return series;
  }

  private byTagsKey(name: string, method: string, tags: Readonly<Record<string, string>>): RequestSeries {
    const key = `${name}\n${method}${tagsKey(tags)}`;
    this.byKey ??= new Map();
    let series = this.byKey.get(key);
    if (series === undefined) {
      series = new RequestSeries(this.recorder, { ...this.baseTags, ...tags, name, method }, name);
      this.byKey.set(key, series);
    }
    return series;
  }
}

/**
 * Whether `given` has exactly `known`'s tags and values (no allocation: this runs per
 * request). `known` is a copy made here, so its keys are its own; a name it lacks reads as
 * undefined or as a prototype member, never as a tag value.
 */
function sameTags(
  known: Readonly<Record<string, string>>,
  knownCount: number,
  given: Readonly<Record<string, string>>,
): boolean {
  let count = 0;
  for (const name in given) {
    if (known[name] !== given[name] || !Object.hasOwn(given, name)) return false;
    count++;
  }
  return count === knownCount;
}

/** The tags as `\nname=value` lines in name order; tags written in that order need no sort. */
function tagsKey(tags: Readonly<Record<string, string>>): string {
  const names = Object.keys(tags);
  for (let i = 1; i < names.length; i++) {
    if ((names[i] as string) < (names[i - 1] as string)) {
      names.sort();
      break;
    }
  }
  let key = '';
  for (const name of names) key += `\n${name}=${tags[name]}`;
  return key;
}

/** One attempt on the wire: counts, phase times (integer µs) and response_time. */
export function recordAttempt(
  recorder: Recorder,
  series: StatusSeries,
  timings: PhaseTimings,
  lagMs: number | undefined,
): void {
  recorder.count(series.reqs, 1);
  recorder.trend(series.duration, micros(timings.durationMs));
  recorder.trend(series.waiting, micros(timings.waitingMs));
  recorder.trend(series.connecting, micros(timings.connectingMs));
  recorder.trend(series.tlsHandshaking, micros(timings.tlsHandshakingMs));
  recorder.trend(series.sending, micros(timings.sendingMs));
  recorder.trend(series.receiving, micros(timings.receivingMs));
  recorder.trend(series.blocked, micros(timings.blockedMs));
  if (lagMs !== undefined) recorder.trend(series.responseTime, micros(lagMs + timeOnTheWayMs(timings)));
}

/**
 * Everything a user waited for after asking: the queue for a connection, connecting, the
 * handshake and the exchange. Added to the iteration's lag this is response_time, the
 * time from when the request was meant to go out (coordinated omission corrected).
 */
function timeOnTheWayMs(timings: PhaseTimings): number {
  return timings.blockedMs + timings.connectingMs + timings.tlsHandshakingMs + timings.durationMs;
}

/** Whole microseconds; a phase that did not happen (a reused connection's connect) is 0. */
function micros(ms: number): number {
  return Math.round(ms * 1000);
}
