import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
import type { ScrapeTarget } from '../plan/plan.ts';
import { startScraping } from './scraper.ts';

/** A service whose /metrics shows `served` requests on one route, 3 of every 4 within 0.1 s. */
async function startCountingService() {
  let served = 0;
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    const fast = Math.floor((served * 3) / 4);
    res.end(
      [
        '# TYPE http_request_duration_seconds histogram',
        `http_request_duration_seconds_bucket{route="/a",method="GET",le="0.1"} ${fast}`,
        `http_request_duration_seconds_bucket{route="/a",method="GET",le="1"} ${served}`,
        `http_request_duration_seconds_bucket{route="/a",method="GET",le="+Inf"} ${served}`,
        `http_request_duration_seconds_sum{route="/a",method="GET"} ${served * 0.05}`,
        `http_request_duration_seconds_count{route="/a",method="GET"} ${served}`,
        '# TYPE process_resident_memory_bytes gauge',
        'process_resident_memory_bytes 1000000',
        '# TYPE queue_depth gauge',
        `queue_depth{queue="q${served % 2}"} 5`,
        '',
      ].join('\n'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`,
    serve: (count: number) => void (served += count),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const target = (url: string, keep: string[] = []): ScrapeTarget => ({
  url,
  intervalMs: 250,
  timeoutMs: 200,
  keep,
});

describe('startScraping', () => {
  let faults: TestServer;
  let refusedUrl: string;
  before(async () => {
    faults = await startTestServer();
    const closed = await startTestServer();
    refusedUrl = `${closed.url}/metrics`;
    await closed.close();
  });
  after(() => faults.close());

  it('turns the counts between scrapes into a rate, percentiles and a whole-run total', async () => {
    const service = await startCountingService();
    try {
      const warnings: string[] = [];
      const scraping = startScraping([target(service.url, ['queue_depth'])], {
        runStartMs: Date.now(),
        warn: (line) => warnings.push(line),
      });
      for (let i = 0; i < 4; i++) {
        await sleep(150);
        service.serve(100);
      }
      await scraping.finish();
      const { targets, series } = scraping.section;
      assert.deepEqual(warnings, []);
      assert.equal(targets[0]!.failures, 0);
      assert.ok(targets[0]!.scrapes >= 3, `scrapes: ${targets[0]!.scrapes}`);
      const find = (name: string, stat: string) => series.find((s) => s.name === name && s.stat === stat);
      const rate = find('http_request_duration_seconds', 'rate');
      assert.deepEqual(rate?.labels, { route: '/a' }); // summed over method
      assert.equal(rate?.unit, 'req/s');
      assert.equal(rate?.total, 400, 'every request counted once, the last window included');
      const p50 = find('http_request_duration_seconds', 'p50');
      // 3 of 4 at or under 0.1 s: the median is inside the first bucket, in ms
      assert.ok(p50?.run !== undefined && p50.run > 0 && p50.run <= 100, `p50 ${p50?.run}`);
      assert.ok(p50.points.every(([t]) => t > 0));
      assert.equal(find('process_resident_memory_bytes', 'value')?.run, 1_000_000);
      assert.ok(series.some((s) => s.name === 'queue_depth' && s.labels.queue === 'q0'));
    } finally {
      await service.close();
    }
  });

  it('counts refused, 500, garbage and slow scrapes, warns once per target, and goes on', async () => {
    const urls = [
      refusedUrl,
      `${faults.url}/status/500`,
      `${faults.url}/garbage`,
      `${faults.url}/delay?ms=1000`,
    ];
    const warnings: string[] = [];
    const scraping = startScraping(
      urls.map((url) => target(url)),
      {
        runStartMs: Date.now(),
        warn: (line) => warnings.push(line),
      },
    );
    await sleep(700);
    await scraping.finish();
    const { targets, series } = scraping.section;
    assert.deepEqual(series, []);
    for (const status of targets) {
      assert.ok(status.scrapes >= 3, `${status.url}: ${status.scrapes} scrapes`);
      assert.equal(status.failures, status.scrapes, status.url);
    }
    assert.deepEqual(
      targets.map((status) => status.lastError?.replace(/line 1: .*/, 'line 1')),
      ['connection refused', 'HTTP 500', 'not Prometheus text format: line 1', 'no answer within 200 ms'],
    );
    assert.equal(warnings.length, 4);
    for (const url of urls) {
      const line = warnings.find((warning) => warning.includes(url));
      assert.match(line ?? '', /^scrape of http:\/\/127\.0\.0\.1:\d+\/\S* failed: .+ \[SALVO_ERR_SCRAPE\]$/);
    }
  });
});
