import type { RunData, RunMeta } from '../../results/index.ts';
import { Family } from './families.ts';
import { type Label, renderLabels, seriesLabels } from './labels.ts';
import { builtinOrder, familyName, sampleNames } from './names.ts';

/**
 * The run so far as Prometheus families, named and in writing order: what the exposition
 * writes as text, remote write sends as time series and OTLP as metrics, so all three name
 * and bucket the same series the same way.
 */

/**
 * Series (metric and labels) sent with their own labels, in the order the run first saw
 * them; later ones are added into their metric's `overflow="true"` series. First seen keeps
 * a series' labels the same from one scrape to the next, as counters need. Bounds what a
 * test with unbounded tags (a name per URL, a user id as a tag) makes Prometheus store: a
 * histogram's label set is 24 time series.
 */
export const MAX_EXPORTED_SERIES = 2000;

export const INFO = 'salvo_test_info';
export const INFO_HELP = 'The running test: its id and test file.';
export const FOLDED = 'salvo_exposition_series_folded';
export const FOLDED_HELP = `Series past the cap of ${MAX_EXPORTED_SERIES} added into their metric's overflow="true" series (counted, not lost).`;

/** A family and the unique name it is written under. */
export interface NamedFamily {
  readonly name: string;
  readonly family: Family;
}

export interface Gathered {
  /** `test_id`, the first label of every sample. */
  readonly testId: Label;
  /** Built-ins first (in their fixed order), then the test's own metrics as first seen. */
  readonly families: readonly NamedFamily[];
  /** How many series were added into an overflow series. */
  readonly folded: number;
}

/** The run handle's cumulative series as families (the handle lists series in the order first seen). */
export function gatherFamilies(run: RunData, meta: RunMeta): Gathered {
  const testId: Label = ['test_id', meta.testId];
  const overflow: Label[] = [testId, ['overflow', 'true']];
  const families = new Map<string, Family>();
  const exported = new Set<string>();
  const folded = new Set<string>();
  for (const series of run.cumulative.series()) {
    let family = families.get(series.metric);
    if (family === undefined) {
      family = new Family(series);
      families.set(series.metric, family);
    }
    const labels = seriesLabels(testId, series.tags);
    const key = `${series.metric}{${renderLabels(labels)}}`;
    if (exported.has(key) || exported.size < MAX_EXPORTED_SERIES) {
      exported.add(key);
      family.add(labels, series);
    } else {
      folded.add(key);
      family.add(overflow, series);
    }
  }
  const taken = new Set<string>([INFO, FOLDED]);
  const named = inWritingOrder(families).map((family) => ({
    name: uniqueName(familyName(family.metric, family.metricType, family.contains), family, taken),
    family,
  }));
  return { testId, families: named, folded: folded.size };
}

function inWritingOrder(families: Map<string, Family>): Family[] {
  const builtins = [...families.values()].filter((family) => builtinOrder(family.metric) !== undefined);
  builtins.sort((a, b) => builtinOrder(a.metric)! - builtinOrder(b.metric)!);
  const custom = [...families.values()].filter((family) => builtinOrder(family.metric) === undefined);
  return [...builtins, ...custom];
}

/**
 * The family's name, or on a clash with a name already written (a custom gauge named
 * `http_reqs_total`) `salvo_custom_…`, so that built-ins, written first, keep theirs.
 */
function uniqueName(name: string, family: Family, taken: Set<string>): string {
  let unique = name;
  while (sampleNames(unique, family.type).some((sample) => taken.has(sample))) {
    unique = unique.replace(/^salvo_/, 'salvo_custom_');
  }
  for (const sample of sampleNames(unique, family.type)) taken.add(sample);
  return unique;
}
