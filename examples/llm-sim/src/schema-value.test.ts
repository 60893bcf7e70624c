import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from './random.ts';
import { valueForSchema } from './schema-value.ts';
import { defaultChain } from './text.ts';

const value = (schema: unknown, seed = 1) => valueForSchema(schema, defaultChain(), createRng(seed));

test('objects get every property, each of its type and within its bounds', () => {
  const schema = {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 3, maxLength: 12 },
      age: { type: 'integer', minimum: 18, maximum: 20 },
      score: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
      active: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
      level: { enum: ['low', 'high'] },
      kind: { const: 'user' },
      note: { type: ['null', 'string'] },
      when: { type: 'string', format: 'date-time' },
    },
    required: ['name', 'age'],
  };
  for (let seed = 1; seed <= 50; seed++) {
    const v = value(schema, seed) as Record<string, unknown>;
    assert.deepEqual(Object.keys(v), Object.keys(schema.properties));
    const name = v.name as string;
    assert.ok(typeof name === 'string' && name.length >= 3 && name.length <= 12, name);
    assert.ok(Number.isInteger(v.age) && (v.age as number) >= 18 && (v.age as number) <= 20, `age ${v.age}`);
    assert.ok(typeof v.score === 'number' && v.score > 0 && v.score <= 1, `score ${v.score}`);
    assert.equal(typeof v.active, 'boolean');
    assert.equal((v.tags as string[]).length, 2);
    assert.ok(['low', 'high'].includes(v.level as string));
    assert.equal(v.kind, 'user');
    assert.equal(typeof v.note, 'string');
    assert.equal(new Date(v.when as string).toISOString(), v.when);
  }
});

test('the same seed gives the same value, another seed another one', () => {
  const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } } };
  assert.deepEqual(value(schema, 3), value(schema, 3));
  assert.notDeepEqual(value(schema, 3), value(schema, 4));
});

test('local $ref, anyOf and nesting resolve; a recursive schema ends', () => {
  const schema = {
    $defs: {
      Item: { type: 'object', properties: { id: { type: 'integer' }, child: { $ref: '#/$defs/Item' } } },
    },
    type: 'object',
    properties: {
      item: { $ref: '#/$defs/Item' },
      either: { anyOf: [{ type: 'null' }, { type: 'boolean' }] },
    },
  };
  const v = value(schema) as { item: { id: number; child: unknown }; either: unknown };
  assert.ok(Number.isInteger(v.item.id));
  assert.equal(typeof v.either, 'boolean');
  assert.doesNotThrow(() => JSON.stringify(v));
});
