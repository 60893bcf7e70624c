/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (what prom-client,
 * client_golang and every exporter serve on /metrics). Salvo writes its own because npm has
 * no well-kept one: `parse-prometheus-text-format` has not changed since 2019 and accepts
 * malformed input silently, and `@prometheus-io/client` only writes the format. Strict,
 * because a scrape that returns an HTML error page or a truncated body must count as a
 * failed scrape, not as a few wrong numbers: any line that is not the format is an error
 * naming the line.
 *
 * Grammar (per line; blank lines are skipped):
 *   # HELP name docstring        (`\\` and `\n` escapes)
 *   # TYPE name counter|gauge|histogram|summary|untyped
 *   # anything else              (a comment)
 *   name[{label="value",...[,]}] value [timestamp_ms]
 * Values are floats, `NaN`, `+Inf`, `-Inf`; label values escape `\\`, `\"` and `\n`.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** The sample's own name: `x_bucket`, `x_sum`, `x_count` for a histogram `x`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestampMs?: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help?: string;
  readonly samples: Sample[];
}

export class ExpositionError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'ExpositionError';
    this.line = line;
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set<string>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<MetricType, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count', ''],
  counter: [''],
  gauge: [''],
  untyped: [''],
};

interface FamilyState {
  name: string;
  type: MetricType | undefined;
  help: string | undefined;
  samples: Sample[];
}

/**
 * Parses a whole exposition into its metric families, by family name; throws
 * ExpositionError for the first line that is not the format.
 *
 * @example
 * parseExposition('# TYPE up gauge\nup 1\n').get('up')?.samples[0]?.value; // 1
 */
export function parseExposition(text: string): Map<string, MetricFamily> {
  const families = new Map<string, FamilyState>();
  const family = (name: string): FamilyState => {
    let state = families.get(name);
    if (!state) families.set(name, (state = { name, type: undefined, help: undefined, samples: [] }));
    return state;
  };
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.replace(/\r$/, '');
    const number = index + 1;
    if (line.trim() === '') continue;
    if (line.trimStart().startsWith('#')) {
      readComment(line.trimStart(), number, family);
      continue;
    }
    const sample = readSample(line, number);
    const owner = familyOf(sample, families) ?? family(sample.name);
    checkSample(owner, sample, number);
    owner.samples.push(sample);
  }
  const result = new Map<string, MetricFamily>();
  for (const state of families.values()) {
    if (state.samples.length === 0 && state.type === undefined) continue;
    result.set(state.name, {
      name: state.name,
      type: state.type ?? 'untyped',
      ...(state.help === undefined ? {} : { help: state.help }),
      samples: state.samples,
    });
  }
  return result;
}

function readComment(line: string, number: number, family: (name: string) => FamilyState): void {
  const match = /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(line);
  if (!match) return; // a plain comment
  const [, keyword, name = '', rest = ''] = match;
  if (METRIC_NAME.exec(name)?.[0] !== name)
    throw new ExpositionError(number, `invalid metric name "${name}"`);
  const state = family(name);
  if (keyword === 'HELP') {
    if (state.help !== undefined) throw new ExpositionError(number, `second HELP line for ${name}`);
    state.help = unescapeHelp(rest);
    return;
  }
  const type = rest.trim();
  if (!TYPES.has(type)) throw new ExpositionError(number, `unknown type "${type}" for ${name}`);
  if (state.type !== undefined) throw new ExpositionError(number, `second TYPE line for ${name}`);
  if (state.samples.length > 0) throw new ExpositionError(number, `TYPE line for ${name} after its samples`);
  state.type = type as MetricType;
}

/** The typed family a sample belongs to: `x_bucket` to histogram `x`, and so on. */
function familyOf(sample: Sample, families: Map<string, FamilyState>): FamilyState | undefined {
  const exact = families.get(sample.name);
  if (exact?.type !== undefined && SUFFIXES[exact.type].includes('')) return exact;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sample.name.endsWith(suffix)) continue;
    const base = families.get(sample.name.slice(0, -suffix.length));
    if (base?.type !== undefined && SUFFIXES[base.type].includes(suffix)) return base;
  }
  return exact;
}

function checkSample(family: FamilyState, sample: Sample, number: number): void {
  const isBucket = family.type === 'histogram' && sample.name.endsWith('_bucket');
  if (isBucket && sample.labels.le === undefined)
    throw new ExpositionError(number, `${sample.name} without an "le" label`);
  if (isBucket && parseValue(sample.labels.le!) === undefined)
    throw new ExpositionError(number, `${sample.name} with le="${sample.labels.le}"`);
  if (family.type === 'summary' && sample.name === family.name && sample.labels.quantile === undefined)
    throw new ExpositionError(number, `${sample.name} without a "quantile" label`);
}

function readSample(line: string, number: number): Sample {
  let at = skipBlanks(line, 0);
  const name = METRIC_NAME.exec(line.slice(at))?.[0];
  if (!name) throw new ExpositionError(number, `expected a metric name, got "${clip(line)}"`);
  at += name.length;
  let labels: Record<string, string> = {};
  if (line[at] === '{') [labels, at] = readLabels(line, at + 1, number);
  const rest = line.slice(at);
  if (!/^[ \t]/.test(rest)) throw new ExpositionError(number, `expected a space and a value after ${name}`);
  const fields = rest.trim().split(/[ \t]+/);
  if (fields.length > 2) throw new ExpositionError(number, `unexpected "${fields[2]}" after the value`);
  const value = parseValue(fields[0]!);
  if (value === undefined) throw new ExpositionError(number, `"${fields[0]}" is not a number`);
  if (fields[1] === undefined) return { name, labels, value };
  if (!/^-?\d+$/.test(fields[1])) throw new ExpositionError(number, `"${fields[1]}" is not a timestamp`);
  return { name, labels, value, timestampMs: Number(fields[1]) };
}

function readLabels(line: string, start: number, number: number): [Record<string, string>, number] {
  const labels: Record<string, string> = Object.create(null);
  let at = skipBlanks(line, start);
  while (line[at] !== '}') {
    const label = LABEL_NAME.exec(line.slice(at))?.[0];
    if (!label) throw new ExpositionError(number, `expected a label name at column ${at + 1}`);
    at = skipBlanks(line, at + label.length);
    if (line[at] !== '=' || line[skipBlanks(line, at + 1)] !== '"')
      throw new ExpositionError(number, `expected ="..." after label ${label}`);
    at = skipBlanks(line, at + 1) + 1;
    let value = '';
    for (;;) {
      const char = line[at];
      if (char === undefined) throw new ExpositionError(number, `unterminated value of label ${label}`);
      at++;
      if (char === '"') break;
      if (char !== '\\') {
        value += char;
        continue;
      }
      const escaped = line[at++];
      if (escaped === 'n') value += '\n';
      else if (escaped === '\\' || escaped === '"') value += escaped;
      else throw new ExpositionError(number, `invalid escape "\\${escaped ?? ''}" in label ${label}`);
    }
    if (Object.hasOwn(labels, label)) throw new ExpositionError(number, `label ${label} given twice`);
    labels[label] = value;
    at = skipBlanks(line, at);
    if (line[at] === ',') at = skipBlanks(line, at + 1);
    else if (line[at] !== '}') throw new ExpositionError(number, `expected "," or "}" after label ${label}`);
  }
  return [labels, at + 1];
}

/** Go's ParseFloat as the format uses it: decimals, exponents, NaN and ±Inf; undefined if none. */
export function parseValue(text: string): number | undefined {
  if (/^[+-]?inf(inity)?$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_, char: string) => (char === 'n' ? '\n' : '\\'));
}

function skipBlanks(line: string, at: number): number {
  while (line[at] === ' ' || line[at] === '\t') at++;
  return at;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
