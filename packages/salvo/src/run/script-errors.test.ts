import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createAggregator,
  createRecorder,
  MAX_SCRIPT_ERROR_GROUPS,
  OTHER_SCRIPT_ERRORS,
} from '../metrics/index.ts';
import { ScriptErrors } from './script-errors.ts';

/** An error as thrown on `line` of a user's file outside Salvo. */
function thrown(message: string, line = 7, Kind: ErrorConstructor = Error): Error {
  const error = new Kind(message);
  error.stack = `${error.name}: ${message}\n    at exec (file:///srv/tests/user.ts:${line}:5)\n    at node:internal/x:1:1`;
  return error;
}

/** Records through `record`, then returns the run's error entries as the results write them. */
function entriesOf(runners: number, record: (errors: ScriptErrors, runner: number) => void) {
  const aggregator = createAggregator({ runStartMs: 0 });
  const printed: string[] = [];
  const snapshots = Array.from({ length: runners }, (_, runner) => {
    const recorder = createRecorder(`t${runner}`);
    record(new ScriptErrors(recorder, (line) => printed.push(line)), runner);
    return recorder.snapshot(0, 0, 1000);
  });
  aggregator.addInterval(snapshots);
  return { entries: aggregator.data.errors(), printed };
}

test('script errors are grouped by place, message and location, with counts', () => {
  const { entries, printed } = entriesOf(2, (errors) => {
    for (let i = 0; i < 3; i++) errors.record({ scenario: 'a' }, 'a', thrown(`no token\nfor user ${i}`));
    errors.record({ scenario: 'a' }, 'a', thrown('x is undefined', 9, TypeError));
    errors.record({ scenario: 'a' }, 'a', thrown('x is undefined', 12, TypeError));
    errors.record({ scenario: 'a' }, 'onStart', thrown('x is undefined', 9, TypeError));
  });
  const rows = entries.map(({ kind, name, message, location, count }) => ({
    kind,
    name,
    message,
    location,
    count,
  }));
  const script = { kind: 'script', message: 'TypeError: x is undefined' };
  assert.deepEqual(rows, [
    { kind: 'script', name: 'a', message: 'no token', location: '/srv/tests/user.ts:7:5', count: 6 },
    { ...script, name: 'a', location: '/srv/tests/user.ts:9:5', count: 2 },
    { ...script, name: 'a', location: '/srv/tests/user.ts:12:5', count: 2 },
    { ...script, name: 'onStart', location: '/srv/tests/user.ts:9:5', count: 2 },
  ]);
  for (const entry of entries) assert.equal(entry.sample, entry.message);
  // each group's first error, printed once per runner (this test's runners share one list)
  assert.equal(printed.length, 8);
  assert.equal(printed[0], 'script error in a: no token (/srv/tests/user.ts:7:5)');
});

test('distinct groups are capped per runner and per run; the rest count under one group per place', () => {
  const perRunner = MAX_SCRIPT_ERROR_GROUPS + 20;
  const { entries, printed } = entriesOf(2, (errors, runner) => {
    // runner 0: ids 0..119; runner 1: ids 60..179, each id once, ids 60..99 twice overall
    for (let i = 0; i < perRunner; i++) errors.record({}, 'exec', thrown(`order ${runner * 60 + i} failed`));
  });
  const groups = entries.filter((entry) => entry.message !== OTHER_SCRIPT_ERRORS);
  const other = entries.filter((entry) => entry.message === OTHER_SCRIPT_ERRORS);
  assert.equal(groups.length, MAX_SCRIPT_ERROR_GROUPS);
  assert.equal(other.length, 1);
  assert.equal(other[0]!.name, 'exec');
  assert.equal(other[0]!.location, '');
  // nothing lost: every error is in a group or in the other one
  assert.equal(
    entries.reduce((sum, entry) => sum + entry.count, 0),
    2 * perRunner,
  );
  // the groups seen by both runners come first
  assert.deepEqual(
    groups.slice(0, 40).map((entry) => entry.count),
    new Array(40).fill(2),
  );
  assert.equal(printed.length, 10, 'five lines per runner at most');
});
