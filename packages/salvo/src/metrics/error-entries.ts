import type { ErrorEntry } from '../results/index.ts';
import type { SeriesTotal } from './totals.ts';

/**
 * Distinct script-error groups (place, message, location) kept: per runner as they are
 * recorded, and for the run when the runners' groups are merged. The rest of a place's
 * errors count in one group with this message, so cardinality stays bounded whatever
 * a script throws (a message with an id in it, say).
 */
export const MAX_SCRIPT_ERROR_GROUPS = 100;
export const OTHER_SCRIPT_ERRORS = `other script errors (over ${MAX_SCRIPT_ERROR_GROUPS} distinct)`;

/**
 * Errors by (kind, name), injected ones apart by their fault (docs/proxy.md), and script
 * errors also by message and location, the most frequent first, each with the first message seen.
 */
export function errorEntries(totals: Iterable<SeriesTotal>): ErrorEntry[] {
  const entries = new Map<string, ErrorEntry>();
  for (const total of totals) {
    if (total.metric !== 'errors' || total.count === 0) continue;
    const kind = total.tags.kind ?? 'unknown';
    const name = total.tags.name ?? '';
    const { message, location, fault } = total.tags;
    const detail =
      kind === 'script' && message !== undefined ? { message, location: location ?? '' } : undefined;
    const key = detail
      ? `${kind}\0${name}\0${detail.message}\0${detail.location}`
      : `${kind}\0${name}\0${fault ?? ''}`;
    const entry = entries.get(key);
    if (entry) {
      entry.count += total.count;
      if (entry.sample === '' && total.sample) entry.sample = total.sample;
    } else
      entries.set(key, {
        kind,
        name,
        count: total.count,
        sample: total.sample ?? '',
        ...detail,
        ...(fault === undefined ? {} : { fault }),
      });
  }
  return capScriptGroups([...entries.values()].sort((a, b) => b.count - a.count));
}

/** Keeps the most frequent script groups; folds the rest into one per name (entries sorted by count). */
function capScriptGroups(sorted: ErrorEntry[]): ErrorEntry[] {
  const kept: ErrorEntry[] = [];
  const others = new Map<string, ErrorEntry>();
  let groups = 0;
  for (const entry of sorted) {
    if (entry.message === OTHER_SCRIPT_ERRORS) foldInto(others, entry);
    else if (entry.message !== undefined && groups++ >= MAX_SCRIPT_ERROR_GROUPS) foldInto(others, entry);
    else kept.push(entry);
  }
  return others.size === 0 ? kept : [...kept, ...others.values()].sort((a, b) => b.count - a.count);
}

function foldInto(others: Map<string, ErrorEntry>, entry: ErrorEntry): void {
  const other = others.get(entry.name);
  if (other) other.count += entry.count;
  else
    others.set(entry.name, {
      kind: 'script',
      name: entry.name,
      count: entry.count,
      sample: entry.sample,
      message: OTHER_SCRIPT_ERRORS,
      location: '',
    });
}
