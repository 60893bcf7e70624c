import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SalvoError } from '../errors.ts';
import { ERROR_KINDS } from '../http/types.ts';
import { createAggregator } from '../metrics/index.ts';
import type { IntervalFigures, IntervalView } from '../results/index.ts';
import { CSV_COLUMNS, csvField, csvOutput } from './csv.ts';
import { sampleDocument } from './testing/sample-document.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'salvo-csv-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const META = { testId: 'id', test: 't.ts', startedAt: '', plannedDurationMs: undefined, scenarios: [] };
const T0 = Date.parse('2026-11-23T15:00:00.000Z');

function figures(requests: number, errors: Record<string, number>, open: boolean): IntervalFigures {
  const lat = { p50: 1.5, p90: 3, p95: 4.25, p99: 9.1234567, max: 20, mean: 2 };
  return {
    requests,
    failures: Object.values(errors).reduce((a, b) => a + b, 0),
    errors,
    duration: requests > 0 ? lat : undefined,
    responseTime: open && requests > 0 ? { ...lat, p99: 30 } : undefined,
    bytesSent: requests * 100,
    bytesReceived: requests * 1000,
  };
}

function view(index: number, open: boolean): IntervalView {
  const byName: Record<string, IntervalFigures> = {
    '/post/:id': figures(7, { reset: 1, http_5xx: 2 }, open),
    'say "hi", then\nleave': figures(3, {}, open),
  };
  return {
    index,
    startMs: T0 + index * 1000,
    endMs: T0 + (index + 1) * 1000,
    elapsedMs: (index + 1) * 1000,
    vus: 10,
    vusMax: 10,
    total: figures(10, { reset: 1, http_5xx: 2 }, open),
    byName,
    droppedIterations: 0,
    iterations: 10,
    run: createAggregator().data,
  };
}

/** A minimal RFC 4180 reader, enough to check the writer's quoting round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      fields.push(field);
      field = '';
    } else if (!quoted && c === '\n') {
      fields.push(field);
      rows.push(fields);
      fields = [];
      field = '';
    } else {
      field += c;
    }
  }
  return rows;
}

async function runCsv(path: string, open: boolean, intervals: number): Promise<string[][]> {
  const output = csvOutput(path);
  await output.start(META);
  for (let i = 0; i < intervals; i++) output.interval(view(i, open));
  await output.end(sampleDocument({ openModel: open, passed: true }));
  return parseCsv(await readFile(path, 'utf8'));
}

describe('csvOutput', () => {
  it('writes a header, then per second a * total row and one row per name', async () => {
    const rows = await runCsv(join(dir, 'closed.csv'), false, 2);
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    assert.equal(CSV_COLUMNS.length, 5 + ERROR_KINDS.length + 9);
    assert.equal(rows.length, 1 + 2 * 3);
    for (const r of rows) assert.equal(r.length, CSV_COLUMNS.length);
    const at = (r: string[], column: string) => r[CSV_COLUMNS.indexOf(column as never)];
    const total = rows[1]!;
    assert.equal(at(total, 'time'), '2026-11-23T15:00:00.000Z');
    assert.equal(at(total, 'elapsed_s'), '1');
    assert.equal(at(total, 'name'), '*');
    assert.equal(at(total, 'requests'), '10');
    assert.equal(at(total, 'failures'), '3');
    assert.equal(at(total, 'err_reset'), '1');
    assert.equal(at(total, 'err_http_5xx'), '2');
    assert.equal(at(total, 'err_timeout'), '0');
    assert.equal(at(total, 'p95_ms'), '4.25');
    assert.equal(at(total, 'p99_ms'), '9.123');
    assert.equal(at(total, 'rt_p99_ms'), '', 'closed model: no response_time');
    assert.equal(at(total, 'bytes_received'), '10000');
    assert.equal(at(total, 'vus'), '10');
    assert.deepEqual(
      rows.slice(1).map((r) => at(r, 'name')),
      ['*', '/post/:id', 'say "hi", then\nleave', '*', '/post/:id', 'say "hi", then\nleave'],
    );
    assert.equal(at(rows[4]!, 'time'), '2026-11-23T15:00:01.000Z');
  });

  it('fills rt_p99_ms in open-model runs and quotes names', async () => {
    const path = join(dir, 'open.csv');
    const rows = await runCsv(path, true, 1);
    assert.equal(rows[1]![CSV_COLUMNS.indexOf('rt_p99_ms')], '30');
    assert.match(await readFile(path, 'utf8'), /,"say ""hi"", then\nleave",/);
    assert.deepEqual(
      (await readdir(dir)).filter((f) => f.includes('.tmp-')),
      [],
    );
  });

  it('writes only the header for a run without intervals', async () => {
    const rows = await runCsv(join(dir, 'empty.csv'), false, 0);
    assert.deepEqual(rows, [[...CSV_COLUMNS]]);
  });

  it('fails at start for a path that cannot be written', async () => {
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, 'x');
    await assert.rejects(
      async () => csvOutput(join(blocker, 'x.csv')).start(META),
      (e: unknown) => e instanceof SalvoError && e.code === 'SALVO_ERR_OUTPUT',
    );
  });
});

describe('csvField', () => {
  it('quotes only what needs quoting', () => {
    assert.equal(csvField('/post/:id'), '/post/:id');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('line\r\nbreak'), '"line\r\nbreak"');
  });
});
