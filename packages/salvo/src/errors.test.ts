import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  ERROR_CODES,
  EXIT_CODES,
  OUTCOME_EXIT_CODES,
  Problems,
  SalvoError,
  userErrorLines,
} from './errors.ts';

const docs = (name: string) => readFileSync(new URL(`../../../docs/${name}`, import.meta.url), 'utf8');

test('docs/errors.md has one row per error code, and no row for a code that does not exist', () => {
  const rows = [...docs('errors.md').matchAll(/^\| `(SALVO_ERR_[A-Z_]+)` \|/gm)].map((match) => match[1]);
  assert.deepEqual(rows, Object.keys(ERROR_CODES));
});

test('docs/cli.md lists every exit code and every outcome with its code', () => {
  const table = docs('cli.md').split('## Exit codes')[1]!.split('\n## ')[0]!;
  for (const code of Object.values(EXIT_CODES)) assert.match(table, new RegExp(`^\\| ${code} +\\|`, 'm'));
  for (const [outcome, code] of Object.entries(OUTCOME_EXIT_CODES)) {
    assert.match(table, new RegExp(`^\\| ${code} +\\| \`${outcome}\` \\|`, 'm'), outcome);
  }
});

test('Problems keeps every problem, flattened, and throws them as one error', () => {
  const problems = new Problems();
  assert.equal(
    problems.check(() => 5),
    5,
  );
  problems.check(() => {
    throw new SalvoError('SALVO_ERR_USAGE', 'first', 'a hint');
  });
  problems.add(
    SalvoError.all([
      new SalvoError('SALVO_ERR_DURATION', 'second'),
      new SalvoError('SALVO_ERR_THRESHOLD', 'third'),
    ]),
  );
  assert.throws(() => problems.check(() => JSON.parse('{')), SyntaxError, 'not a SalvoError: not a problem');
  assert.throws(
    () => problems.throwIfAny(),
    (error: unknown) => {
      assert.ok(error instanceof SalvoError);
      assert.equal(error.message, 'first (and 2 more)');
      assert.deepEqual(userErrorLines(error), [
        'first (a hint) [SALVO_ERR_USAGE]',
        'second [SALVO_ERR_DURATION]',
        'third [SALVO_ERR_THRESHOLD]',
      ]);
      return true;
    },
  );
  new Problems().throwIfAny();
});

test('an unexpected error is one SALVO_ERR_INTERNAL line', () => {
  assert.deepEqual(userErrorLines(new TypeError('x is undefined\n    at somewhere')), [
    'x is undefined (set SALVO_DEBUG=1 for details) [SALVO_ERR_INTERNAL]',
  ]);
});
