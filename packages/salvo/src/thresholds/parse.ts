import { Problems, SalvoError } from '../errors.ts';
import { BUILTIN_METRICS, type MetricDef, type MetricType } from '../metrics/index.ts';
import type {
  Aggregation,
  Operator,
  ThresholdEntry,
  ThresholdExpression,
  ThresholdInput,
  ThresholdSet,
} from './types.ts';

/*
 * Threshold grammar (whitespace allowed around the operator and inside `p( N )`):
 *
 *   key          ::= metric | metric "{" tag ( "," tag )* "}"
 *   metric       ::= name                            (a built-in or a defined custom metric)
 *   tag          ::= name ":" value                  (value: anything up to "," or "}"; trimmed)
 *   expression   ::= aggregation operator number
 *   aggregation  ::= counter | gauge | rate | trend   (as the metric's type allows)
 *   counter      ::= "count" | "rate"
 *   gauge        ::= "value" | "min" | "max"
 *   rate         ::= "rate"
 *   trend        ::= "avg" | "min" | "max" | "med" | "count" | percentile
 *   percentile   ::= "p(" number ")"                 (0 <= number <= 100)
 *   operator     ::= "<" | "<=" | ">" | ">=" | "==" | "!="
 *   number       ::= "-"? digit+ ( "." digit+ )?
 *
 * Trend times are in milliseconds, as in the summary.
 */

const ALLOWED: Record<MetricType, readonly string[]> = {
  counter: ['count', 'rate'],
  gauge: ['value', 'min', 'max'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'count', 'p(N)'],
};

const KNOWN = new Set(['avg', 'min', 'max', 'med', 'count', 'rate', 'value']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EXPRESSION = /^\s*([a-z]+|p\(\s*([^)]*?)\s*\))\s*(<=|>=|==|!=|<|>)\s*(\S.*?)\s*$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

function fail(key: string, what: string, expression?: string): never {
  const where = expression === undefined ? `threshold "${key}"` : `threshold "${key}": "${expression}"`;
  throw new SalvoError('SALVO_ERR_THRESHOLD', `${where}: ${what}`);
}

/** Splits `metric{k:v,...}` into the metric name and its tags, in the order written. */
export function parseThresholdKey(key: string): { metric: string; tags: Record<string, string> } {
  const open = key.indexOf('{');
  const metric = (open < 0 ? key : key.slice(0, open)).trim();
  if (!NAME.test(metric)) fail(key, `"${metric}" is not a metric name`);
  const tags: Record<string, string> = {};
  if (open < 0) return { metric, tags };
  if (!key.trimEnd().endsWith('}')) fail(key, 'the tag list must end with "}"');
  const body = key.slice(open + 1, key.trimEnd().length - 1);
  if (body.trim() === '') fail(key, 'the tag list is empty');
  for (const pair of body.split(',')) {
    const colon = pair.indexOf(':');
    if (colon < 0) fail(key, `tag "${pair.trim()}" needs the form name:value`);
    const name = pair.slice(0, colon).trim();
    if (name === '' || /[{}]/.test(name)) fail(key, `tag "${pair.trim()}" has no valid name`);
    if (name in tags) fail(key, `tag "${name}" appears twice`);
    tags[name] = pair.slice(colon + 1).trim();
  }
  return { metric, tags };
}

function parseNumber(key: string, expression: string, text: string, what: string): number {
  if (!NUMBER.test(text)) fail(key, `${what} "${text}" is not a number`, expression);
  return Number(text);
}

function parseExpression(
  key: string,
  expression: string,
  type: MetricType,
): Omit<ThresholdExpression, 'abortOnFail' | 'delayAbortEvalMs' | 'allowNoData'> {
  const match = EXPRESSION.exec(expression);
  if (!match) fail(key, 'expected aggregation, operator, number (e.g. "p(95)<500")', expression);
  const [, method, percentileText, operatorText, valueText] = match as unknown as [
    string,
    string,
    string | undefined,
    string,
    string,
  ];
  let aggregation: Aggregation;
  if (percentileText !== undefined) {
    const percentile = parseNumber(key, expression, percentileText, 'percentile');
    if (percentile < 0 || percentile > 100)
      fail(key, `percentile ${percentile} is outside 0..100`, expression);
    aggregation = { kind: 'p', percentile };
  } else if (KNOWN.has(method)) aggregation = { kind: method as Exclude<Aggregation['kind'], 'p'> };
  else
    fail(
      key,
      `unknown aggregation "${method}" (use avg, min, max, med, count, rate, value or p(N))`,
      expression,
    );
  const name = aggregation.kind === 'p' ? 'p(N)' : aggregation.kind;
  if (!ALLOWED[type].includes(name)) {
    fail(key, `"${name}" does not apply to a ${type} (use ${ALLOWED[type].join(', ')})`, expression);
  }
  const value = parseNumber(key, expression, valueText, 'value');
  return { source: expression, aggregation, operator: operatorText as Operator, value };
}

type RawItem = ThresholdInput[string][number];

function parseItem(
  key: string,
  item: RawItem,
  type: MetricType,
  parseDurationMs: (s: string | number) => number,
): ThresholdExpression {
  if (typeof item === 'string')
    return {
      ...parseExpression(key, item, type),
      abortOnFail: false,
      delayAbortEvalMs: 0,
      allowNoData: false,
    };
  if (item === null || typeof item !== 'object' || typeof item.threshold !== 'string') {
    fail(key, 'each threshold is a string or { threshold, abortOnFail?, delayAbortEval?, allowNoData? }');
  }
  for (const flag of ['abortOnFail', 'allowNoData'] as const) {
    if (item[flag] !== undefined && typeof item[flag] !== 'boolean') {
      fail(key, `${flag} must be true or false`, item.threshold);
    }
  }
  let delayAbortEvalMs = 0;
  if (item.delayAbortEval !== undefined) {
    try {
      delayAbortEvalMs = parseDurationMs(item.delayAbortEval);
    } catch (error) {
      fail(key, `delayAbortEval: ${error instanceof Error ? error.message : String(error)}`, item.threshold);
    }
  }
  return {
    ...parseExpression(key, item.threshold, type),
    abortOnFail: item.abortOnFail ?? false,
    delayAbortEvalMs,
    allowNoData: item.allowNoData ?? false,
  };
}

/**
 * Parses the `thresholds` option. A metric must be a built-in or one of `customMetrics`
 * (a name nobody defines is a typo, found before the run rather than after it). Every
 * problem is reported at once, one line each.
 *
 * @example
 * parseThresholds({ 'http_req_duration{name:/post/:id}': ['p(99)<500'] }, (d) => parseDuration(d, 'delayAbortEval'));
 */
export function parseThresholds(
  input: ThresholdInput,
  parseDurationMs: (s: string | number) => number,
  customMetrics: readonly MetricDef[] = [],
): ThresholdSet {
  const defs = new Map<string, MetricDef>(
    [...BUILTIN_METRICS, ...customMetrics].map((def) => [def.name, def]),
  );
  const problems = new Problems();
  const entries: ThresholdEntry[] = [];
  for (const [key, items] of Object.entries(input)) {
    problems.check(() => {
      const { metric, tags } = parseThresholdKey(key);
      const def = defs.get(metric);
      if (!def) fail(key, `unknown metric "${metric}" (not built in, not defined as a custom metric)`);
      if (!Array.isArray(items) || items.length === 0) fail(key, 'expected a non-empty list of expressions');
      // every bad expression of a key is its own problem
      const expressions = items.map((item) =>
        problems.check(() => parseItem(key, item, def.type, parseDurationMs)),
      );
      entries.push({ key, metric, tags, type: def.type, contains: def.contains, expressions });
    });
  }
  problems.throwIfAny();
  return { entries, tagSets: entries.map(({ metric, tags }) => ({ metric, tags })) };
}
