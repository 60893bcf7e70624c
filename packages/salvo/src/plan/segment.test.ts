import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  equalSegments,
  formatSegment,
  iterationOwner,
  parseSegment,
  type Segment,
  shareOf,
  splitSegment,
  vuIds,
  WHOLE,
  weightedSegments,
} from './segment.ts';

const SPLITS: Segment[][] = [
  [WHOLE],
  ...[2, 3, 4, 7].map((count) => equalSegments(count)),
  weightedSegments([1, 2, 3]),
  weightedSegments([1000, 999]),
  weightedSegments([5, 1, 1, 1, 8]),
  // a lost runner's share [1/3, 2/3) handed to the other two by their capacities
  (() => {
    const [first, lost, last] = weightedSegments([1, 1, 1]) as [Segment, Segment, Segment];
    return [first, ...splitSegment(lost, [2, 3]), last];
  })(),
];

test('shares of any split add up exactly to the whole', () => {
  for (const split of SPLITS) {
    for (const whole of [0, 1, 2, 3, 10, 49, 50, 1000, 1001, 123_457]) {
      const sum = split.reduce((total, segment) => total + shareOf(segment, whole), 0);
      assert.equal(sum, whole, `${whole} over ${split.map(formatSegment).join(' ')}`);
    }
  }
});

test('a capacity-weighted split gives each part its weight, within one', () => {
  const [small, large] = weightedSegments([1, 3]) as [Segment, Segment];
  assert.equal(shareOf(small, 100), 25);
  assert.equal(shareOf(large, 100), 75);
  assert.equal(shareOf(small, 10) + shareOf(large, 10), 10);
  assert.ok(Math.abs(shareOf(small, 10) - 2.5) < 1);
});

test('striped iterations go to exactly one segment of any split, each its fraction', () => {
  const n = 20_000;
  for (const split of SPLITS) {
    const owners = split.map(iterationOwner);
    const counts = split.map(() => 0);
    for (let k = 0; k < n; k++) {
      const holders = owners.flatMap((owns, index) => (owns(k) ? [index] : []));
      assert.equal(holders.length, 1, `iteration ${k} over ${split.map(formatSegment).join(' ')}`);
      counts[holders[0]!]!++;
    }
    for (const [index, segment] of split.entries()) {
      const expected = (n * (segment.to - segment.from)) / segment.of;
      // a low-discrepancy sequence: off by a handful, not by a share of n
      assert.ok(
        Math.abs(counts[index]! - expected) < 10,
        `${formatSegment(segment)}: ${counts[index]} of ${expected}`,
      );
    }
  }
});

test("a segment's starts are spread out: no long runs of someone else's", () => {
  const [, half] = equalSegments(2) as [Segment, Segment];
  const owns = iterationOwner(half);
  let gap = 0;
  let longest = 0;
  for (let k = 0; k < 10_000; k++) {
    gap = owns(k) ? 0 : gap + 1;
    longest = Math.max(longest, gap);
  }
  assert.ok(longest <= 2, `longest run of others' starts: ${longest}`);
});

test('VU ids are unique across the segments of a split and start at 1', () => {
  for (const split of SPLITS) {
    const ids = new Set<number>();
    for (const segment of split) {
      const next = vuIds(segment);
      for (let local = 0; local < 25; local++) ids.add(next());
    }
    assert.equal(ids.size, 25 * split.length);
    assert.equal(Math.min(...ids), 1);
  }
  const whole = vuIds(WHOLE);
  assert.deepEqual([whole(), whole(), whole()], [1, 2, 3]);
});

test('segments print as fractions and read back', () => {
  assert.equal(formatSegment(WHOLE), '0:1');
  assert.deepEqual(equalSegments(2).map(formatSegment), ['0:1/2', '1/2:1']);
  assert.equal(formatSegment(equalSegments(3)[1]!), '1/3:2/3');
  assert.deepEqual(weightedSegments([2, 2, 4]).map(formatSegment), ['0:1/4', '1/4:1/2', '1/2:1']);
  for (const split of SPLITS) {
    for (const segment of split) assert.deepEqual(parseSegment(formatSegment(segment)), segment);
  }
  assert.equal(parseSegment('2/3:1/3'), undefined);
  assert.equal(parseSegment('half'), undefined);
});
