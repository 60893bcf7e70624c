import { RequestSeriesCache } from '../http/client-metrics.ts';
import { seriesKey } from '../metrics/tags.ts';
import type { MetricDef, Recorder, SeriesId, Tags } from '../metrics/types.ts';
import { CheckRecorder } from './checks.ts';

/** k6 joins nested group names with `::`, the root group being the empty name. */
export const GROUP_SEPARATOR = '::';

/**
 * The tags a VU's samples carry, with the series caches keyed by them: one scope per
 * scenario (its root) and one per group path inside it, made the first time a VU of the
 * scenario enters that group and shared by all its VUs after. A VU switches scope when it
 * enters or leaves a group, so requests and checks outside groups use the scenario's
 * caches exactly as before: a test without groups pays nothing for them.
 */
export class TagScope {
  readonly tags: Tags;
  /** `::checkout::pay` inside nested groups; '' at the scenario's root. */
  readonly groupPath: string;
  readonly requestSeries: RequestSeriesCache;
  readonly checks: CheckRecorder;
  readonly #recorder: Recorder;
  #children: Map<string, TagScope> | undefined;
  #groupDuration: SeriesId | undefined;
  /** Custom metric series by metric name (without extra tags) or series key (with). */
  #custom: Map<string, SeriesId> | undefined;

  constructor(recorder: Recorder, tags: Tags, groupPath = '') {
    this.#recorder = recorder;
    this.tags = tags;
    this.groupPath = groupPath;
    this.requestSeries = new RequestSeriesCache(recorder, tags);
    this.checks = new CheckRecorder(recorder, tags);
  }

  /** The scope of group `name` inside this one. */
  child(name: string): TagScope {
    this.#children ??= new Map();
    let child = this.#children.get(name);
    if (child === undefined) {
      const groupPath = `${this.groupPath}${GROUP_SEPARATOR}${name}`;
      child = new TagScope(this.#recorder, { ...this.tags, group: groupPath }, groupPath);
      this.#children.set(name, child);
    }
    return child;
  }

  /** `group_duration` of this scope's group, in µs. */
  recordGroupDuration(durationUs: number): void {
    this.#groupDuration ??= this.#recorder.series('group_duration', this.tags);
    this.#recorder.trend(this.#groupDuration, durationUs);
  }

  /** Records a custom metric's value (recorded units) under this scope's tags plus `extra`. */
  recordCustom(def: MetricDef, value: number, extra: Tags | undefined): void {
    const id = this.#customSeries(def.name, extra);
    const recorder = this.#recorder;
    if (def.type === 'trend') recorder.trend(id, value);
    else if (def.type === 'counter') recorder.count(id, value);
    else if (def.type === 'rate') recorder.rate(id, value !== 0);
    else recorder.gauge(id, value);
  }

  #customSeries(metric: string, extra: Tags | undefined): SeriesId {
    this.#custom ??= new Map();
    const key = extra === undefined ? metric : seriesKey(metric, extra);
    let id = this.#custom.get(key);
    if (id === undefined) {
      id = this.#recorder.series(metric, extra === undefined ? this.tags : { ...this.tags, ...extra });
      this.#custom.set(key, id);
    }
    return id;
  }
}
