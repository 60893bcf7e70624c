import type { Tags } from '../../results/index.ts';

/**
 * A series' tags as Prometheus labels: `test_id` first, the engine's tags in a fixed order,
 * then the rest (the test's and the requests' own tags) by name. The exposition renders them
 * into the text between the braces, which is also the key that series with the same labels
 * merge on; remote write and OTLP send them as pairs.
 */

/** The engine's tags, in the order they are written after test_id. */
const ENGINE_TAGS = ['scenario', 'name', 'method', 'status', 'kind', 'group', 'check'];
const ENGINE_TAG_SET = new Set(ENGINE_TAGS);

/**
 * Tags left out: a script error's message and location are text (in the results document's
 * errors, not in a label); their counts merge into the error's other labels.
 */
const LEFT_OUT = new Set(['message', 'location']);

/**
 * Labels the exposition sets itself. A tag with one of these names is written as
 * `tag_<name>` (as is one Prometheus reserves: `__…`), so it never overwrites them.
 */
export const OWN_LABELS = new Set(['test_id', 'le', 'result', 'overflow']);

/** A label value in the text format: backslash, double quote and newline escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`));
}

/** A tag name as a label name: [a-zA-Z_][a-zA-Z0-9_]*, and never one of OWN_LABELS. */
export function labelName(tag: string): string {
  let name = tag.replace(/[^a-zA-Z0-9_]/g, '_');
  if (name === '' || /^[0-9]/.test(name)) name = `_${name}`;
  return OWN_LABELS.has(name) || name.startsWith('__') ? `tag_${name}` : name;
}

/** `name="value"`. */
export function label(name: string, value: string): string {
  return `${name}="${escapeLabelValue(value)}"`;
}

/** A label: its name (already a valid label name) and its value. */
export type Label = readonly [name: string, value: string];

/** Labels rendered as the text between the braces, `name="value",…`: also the key series merge on. */
export function renderLabels(labels: readonly Label[]): string {
  return labels.map(([name, value]) => label(name, value)).join(',');
}

/**
 * The labels of a series: `testId` first, then its tags. Two tags that become the same label
 * name (`a.b`, `a-b`) keep both: the later one gets `_` appended.
 */
export function seriesLabels(testId: Label, tags: Tags): Label[] {
  const labels: Label[] = [testId];
  for (const tag of ENGINE_TAGS) {
    const value = tags[tag];
    if (value !== undefined) labels.push([tag, value]);
  }
  const rest = Object.keys(tags)
    .filter((tag) => !ENGINE_TAG_SET.has(tag) && !LEFT_OUT.has(tag))
    .sort();
  if (rest.length === 0) return labels;
  const used = new Set(ENGINE_TAGS.filter((tag) => tags[tag] !== undefined));
  for (const tag of rest) {
    let name = labelName(tag);
    while (used.has(name)) name += '_';
    used.add(name);
    labels.push([name, tags[tag]!]);
  }
  return labels;
}
