import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROTOCOL_VERSION, unreadable } from '../run/protocol.ts';
import { fromRunnerProblem, toRunnerProblem } from './messages.ts';

const problem = (message: unknown, check: (message: unknown) => string | undefined) =>
  unreadable(message) ?? check(message);

test('messages of another version, or of no known shape, are refused with the reason', () => {
  assert.equal(problem('text', toRunnerProblem), 'not an object');
  assert.equal(problem(null, fromRunnerProblem), 'not an object');
  assert.equal(
    problem({ v: PROTOCOL_VERSION + 1, type: 'start', runId: 'r', seq: 1 }, toRunnerProblem),
    `protocol version ${PROTOCOL_VERSION + 1}, this Salvo speaks ${PROTOCOL_VERSION}`,
  );
  assert.equal(
    problem({ type: 'start', runId: 'r', seq: 1 }, toRunnerProblem),
    `protocol version undefined, this Salvo speaks ${PROTOCOL_VERSION}`,
  );
  const v = PROTOCOL_VERSION;
  assert.equal(problem({ v, type: 'launch', runId: 'r', seq: 1 }, toRunnerProblem), 'unknown type "launch"');
  assert.equal(
    problem({ v, type: 'start', runId: 'r', seq: 1 }, toRunnerProblem),
    'a start without startAtRedisMs',
  );
  assert.equal(
    problem({ v, type: 'stop', runId: 'r', seq: 2, mode: 'soft' }, toRunnerProblem),
    'a stop without mode',
  );
  assert.equal(problem({ v, type: 'release', runId: 'r', seq: 3 }, toRunnerProblem), undefined);
  assert.equal(
    problem(
      { v, type: 'snapshot', runId: 'r', runner: 'a', snapshot: { runnerId: 'a', index: 'x', series: [] } },
      fromRunnerProblem,
    ),
    'a snapshot without runnerId, index, times or series',
  );
  assert.equal(
    problem(
      {
        v,
        type: 'snapshot',
        runId: 'r',
        runner: 'a',
        snapshot: { runnerId: 'a', index: 3, startMs: 0, endMs: 1000, series: [] },
      },
      fromRunnerProblem,
    ),
    undefined,
  );
  assert.equal(problem({ v, type: 'done', runId: 'r' }, fromRunnerProblem), 'no runner or run');
  // a snapshot of protocol 2 (series spelled out, histograms in base64) from an older runner
  assert.equal(
    problem(
      { v: 2, type: 'snapshot', runId: 'r', runner: 'a', snapshot: { runnerId: 'a', index: 3, series: [] } },
      fromRunnerProblem,
    ),
    `protocol version 2, this Salvo speaks ${PROTOCOL_VERSION}`,
  );
});
