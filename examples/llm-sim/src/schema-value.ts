import type { MarkovChain } from './text.ts';
import { wordStream } from './text.ts';

type Schema = Record<string, unknown>;

/** Deep enough for real schemas; a self-referencing $ref stops here with null. */
const MAX_DEPTH = 12;
const DEFAULT_RANGE = { min: 0, max: 100 };

/**
 * Makes a value that conforms to a JSON schema, deterministically from `rng`: objects with every
 * listed property, string/number/integer/boolean/null, arrays within minItems..maxItems, enum, const,
 * anyOf/oneOf/allOf (the first branch), local $ref ("#/$defs/..."). Strings are Markov words within
 * minLength..maxLength; `pattern` is not honoured.
 */
export function valueForSchema(schema: unknown, chain: MarkovChain, rng: () => number): unknown {
  const words = wordStream(chain, rng);
  const root = isSchema(schema) ? schema : {};
  return generate(root, { root, rng, nextWord: () => words.next().value.replace(/["\\]/g, '') }, 0);
}

interface Generator {
  root: Schema;
  rng: () => number;
  nextWord: () => string;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveRef(root: Schema, ref: string): Schema {
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    node = isSchema(node) ? node[part.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
  }
  return isSchema(node) ? node : {};
}

function typeOf(schema: Schema): string {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((t) => t !== 'null') as string | undefined) ?? 'null';
  if (isSchema(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return 'string';
}

function numberIn(schema: Schema, rng: () => number, integer: boolean): number {
  const num = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  const step = integer ? 1 : 0.01;
  const exclusiveMin = num('exclusiveMinimum');
  const exclusiveMax = num('exclusiveMaximum');
  let min = num('minimum') ?? (exclusiveMin !== undefined ? exclusiveMin + step : undefined);
  let max = num('maximum') ?? (exclusiveMax !== undefined ? exclusiveMax - step : undefined);
  min ??= max !== undefined ? Math.min(DEFAULT_RANGE.min, max) : DEFAULT_RANGE.min;
  max ??= Math.max(DEFAULT_RANGE.max, min);
  if (integer) return Math.ceil(min) + Math.floor(rng() * (Math.floor(max) - Math.ceil(min) + 1));
  return Math.min(max, Math.round((min + rng() * (max - min)) * 100) / 100);
}

function stringFor(schema: Schema, g: Generator): string {
  switch (schema.format) {
    case 'date-time':
      return new Date(Date.UTC(2024, 0, 1) + Math.floor(g.rng() * 365) * 86_400_000).toISOString();
    case 'date':
      return new Date(Date.UTC(2024, 0, 1) + Math.floor(g.rng() * 365) * 86_400_000)
        .toISOString()
        .slice(0, 10);
    case 'email':
      return `${
        g
          .nextWord()
          .toLowerCase()
          .replace(/[^a-z]/g, '') || 'user'
      }@example.com`;
    case 'uri':
      return `https://example.com/${g
        .nextWord()
        .toLowerCase()
        .replace(/[^a-z]/g, '')}`;
  }
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 1;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  const count = 2 + Math.floor(g.rng() * 4);
  let text = Array.from({ length: count }, g.nextWord).join(' ');
  while (text.length < minLength) text += ` ${g.nextWord()}`;
  return text.length > maxLength ? text.slice(0, maxLength) : text;
}

function generate(schema: Schema, g: Generator, depth: number): unknown {
  if (depth > MAX_DEPTH) return null;
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#')) {
    return generate(resolveRef(g.root, schema.$ref), g, depth + 1);
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum[Math.floor(g.rng() * schema.enum.length)];
  }
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const branches = schema[key];
    if (Array.isArray(branches) && isSchema(branches[0])) {
      const first = branches.find((b) => isSchema(b) && b.type !== 'null') ?? branches[0];
      return generate({ ...schema, [key]: undefined, ...(first as Schema) }, g, depth + 1);
    }
  }
  switch (typeOf(schema)) {
    case 'object': {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      const value: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(properties)) {
        value[key] = generate(isSchema(property) ? property : {}, g, depth + 1);
      }
      return value;
    }
    case 'array': {
      const minItems = typeof schema.minItems === 'number' ? schema.minItems : 1;
      const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : minItems + 2;
      const count = minItems + Math.floor(g.rng() * (maxItems - minItems + 1));
      const items = isSchema(schema.items) ? schema.items : {};
      return Array.from({ length: count }, () => generate(items, g, depth + 1));
    }
    case 'integer':
      return numberIn(schema, g.rng, true);
    case 'number':
      return numberIn(schema, g.rng, false);
    case 'boolean':
      return g.rng() < 0.5;
    case 'null':
      return null;
    default:
      return stringFor(schema, g);
  }
}
