import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { describeScriptError, MAX_MESSAGE_CHARS } from './script-error-detail.ts';
import { testFiles } from './testing/test-files.ts';

const files = testFiles();
after(() => files.remove());

/** A user's module outside Salvo's sources whose function throws `error` on line 3. */
async function thrownByUserCode(error: string): Promise<unknown> {
  const path = files.write(
    `user${Math.random().toString(36).slice(2)}.ts`,
    `export function run(): void {\n  throw ${error};\n}`,
  );
  const module = (await import(pathToFileURL(path).href)) as { run(): void };
  try {
    module.run();
  } catch (thrown) {
    return { thrown, path };
  }
  assert.fail('did not throw');
}

test('the message is the first line, named by its class, without control characters, bounded', () => {
  assert.equal(describeScriptError(new Error('boom\n    at fake (x.ts:1:1)')).message, 'boom');
  assert.equal(describeScriptError(new TypeError('  x is undefined  ')).message, 'TypeError: x is undefined');
  assert.equal(describeScriptError(new Error('\u001b[31mred\u001b[0m\rtext')).message, 'red text');
  assert.equal(describeScriptError(new Error('')).message, '(no message)');
  assert.equal(describeScriptError(new RangeError('')).message, 'RangeError');
  const long = describeScriptError(new Error('x'.repeat(5000))).message;
  assert.equal(long.length, MAX_MESSAGE_CHARS);
  assert.ok(long.endsWith('…'));
});

test('values that are not errors, and errors that throw when read', () => {
  assert.deepEqual(describeScriptError('plain string\nsecond'), { message: 'plain string', location: '' });
  assert.deepEqual(describeScriptError(42), { message: '42', location: '' });
  assert.deepEqual(describeScriptError(undefined), { message: 'undefined', location: '' });
  const hostile = new Error('x');
  Object.defineProperty(hostile, 'message', {
    get() {
      throw new Error('no');
    },
  });
  assert.equal(describeScriptError(hostile).message, '(an error that cannot be described)');
  const noToString = { toString: () => assert.fail('read') };
  assert.equal(describeScriptError(Object.create(noToString)).location, '');
});

test("the location is the user's file:line:col, past a message of several lines", async () => {
  const { thrown, path } = (await thrownByUserCode(`new Error('two\\n    at lines (fake.ts:9:9)')`)) as {
    thrown: unknown;
    path: string;
  };
  const detail = describeScriptError(thrown);
  assert.equal(detail.message, 'two');
  // line 1 is the test-files import; the stack is taken where the error is made: `new` at 3:9
  assert.equal(detail.location, `${path}:3:9`);
});

test("frames in Salvo's own sources are skipped: a throw inside Salvo points at the user's call", async () => {
  const path = files.write(
    `caller${Math.random().toString(36).slice(2)}.ts`,
    `import { parseDuration } from '${pathToFileURL(new URL('../plan/duration.ts', import.meta.url).pathname).href}';\nexport function run(): unknown {\n  return parseDuration('soon', 'sleep');\n}`,
  );
  const module = (await import(pathToFileURL(path).href)) as { run(): unknown };
  let thrown: unknown;
  try {
    module.run();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof Error);
  assert.ok(thrown.stack?.includes('/plan/duration.ts'), 'thrown inside Salvo');
  // line 1 is the test-files import, line 2 this file's own
  assert.equal(describeScriptError(thrown).location, `${path}:4:10`);
});
