/**
 * deploy/grafana's dashboards proven by their queries: the real blog (packages/instrument)
 * under a real Salvo test, both scraped by Debian's Prometheus with the shipped rules; every
 * panel's PromQL, its variables filled with the values Prometheus holds, must parse and
 * return data. Every recording rule must have data, every alert rule evaluate cleanly.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Stack, startStack } from '../examples/blog/src/testing.ts';
import { prometheusSkipReason, type RunningPrometheus, startPrometheus } from './helpers/prometheus.ts';
import { freePort } from './helpers/redis.ts';

const BIN = fileURLToPath(new URL('../packages/salvo/bin/salvo.js', import.meta.url));
const DASHBOARDS_DIR = fileURLToPath(new URL('../deploy/grafana/dashboards/', import.meta.url));
const RULES_DIR = fileURLToPath(new URL('../deploy/prometheus/rules/', import.meta.url));
/** Grafana's $__rate_interval, as it would be with 1 s scrapes: 4 of them and more. */
const RATE_INTERVAL = '10s';
const QUERY_DEADLINE_MS = 15_000;

// Open model with too few VUs, so dropped iterations are counted; a missing post (404) makes errors; the
// two VUs ask for the same new titles, so drafts are generated all along (misses) and hit the cache.
const LOAD = `import { defineTest } from 'salvo';
export default defineTest({
  http: { baseUrl: process.env.BLOG_URL },
  scenarios: {
    readers: {
      executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '60s', preAllocatedVUs: 2, maxVUs: 2,
      exec: async (vu) => {
        if (vu.data.user === undefined) {
          vu.data.user = 'reader-' + vu.id + '-' + Date.now().toString(36);
          const json = { username: vu.data.user, password: 'lab-password' };
          await vu.http.post('/api/register', undefined, { json });
          await vu.http.post('/api/login', undefined, { json });
        }
        await vu.http.get('/api/posts?page=1&pageSize=5');
        await vu.http.get('/api/posts/999999');
        await vu.http.post('/generate-blog?stream=false', undefined, { json: { title: 'Part ' + (vu.iteration % 100) } });
        await vu.sleep('250ms'); // 2 VUs then start at most 8 of the 10 iterations a second: some are dropped
      },
    },
  },
});
`;

interface Panel {
  title: string;
  targets: { expr: string }[];
}
interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; query: { query: string }; multi: boolean }[] };
}

const dashboards = readdirSync(DASHBOARDS_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(join(DASHBOARDS_DIR, file), 'utf8')) as Dashboard);

function regexEscape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Grafana's `label_values(selector, label)`, answered by Prometheus: the label's values. */
async function labelValues(prometheus: RunningPrometheus, query: string): Promise<string[]> {
  const match = /^label_values\((.+), (\w+)\)$/.exec(query);
  assert.ok(match, `not a label_values query: ${query}`);
  const [, selector, label] = match as unknown as [string, string, string];
  const samples = await prometheus.query(`group by (${label}) (${selector})`);
  return samples.map((sample) => sample.metric[label] ?? '').filter((value) => value !== '');
}

/** Fills `$name` in `text` with each variable's value (a multi-value one as Grafana's regex of them all). */
function substitute(text: string, values: ReadonlyMap<string, string>): string {
  let filled = text.replaceAll('$__rate_interval', RATE_INTERVAL);
  for (const [name, value] of values) filled = filled.replaceAll(`$${name}`, value);
  return filled;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + QUERY_DEADLINE_MS;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    value = await read();
  }
  return value;
}

describe('deploy/grafana dashboards against a real Prometheus', { skip: prometheusSkipReason() }, () => {
  let stack: Stack;
  let prometheus: RunningPrometheus;
  let salvo: ChildProcess;
  let dir: string;
  let salvoOutput = '';

  before(async () => {
    stack = await startStack({ seed: true, logger: false });
    dir = mkdtempSync(join(tmpdir(), 'salvo-grafana-'));
    const test = join(dir, 'load.ts');
    writeFileSync(test, LOAD);
    const dashboardPort = await freePort();
    salvo = spawn(BIN, ['run', test, '-w', '1', `--dashboard=${dashboardPort}`, '--no-color'], {
      env: { ...process.env, BLOG_URL: stack.url, NO_COLOR: '1' },
      timeout: 90_000,
    });
    salvo.stdout?.on('data', (chunk: Buffer) => {
      salvoOutput += chunk.toString();
    });
    salvo.stderr?.on('data', (chunk: Buffer) => {
      salvoOutput += chunk.toString();
    });
    const ruleFiles = readdirSync(RULES_DIR).map((file) => join(RULES_DIR, file));
    prometheus = await startPrometheus({
      targets: [],
      jobs: { service: [new URL(stack.url).host], 'salvo-test': [`127.0.0.1:${dashboardPort}`] },
      ruleFiles,
    });
    await prometheus.scraped();
    const up = await eventually(
      () => prometheus.query('up == 1'),
      (samples) => samples.length === 2,
    );
    assert.equal(up.length, 2, `targets up: ${JSON.stringify(up)}; salvo: ${salvoOutput}`);
  });

  after(async () => {
    if (salvo.exitCode === null) {
      const exited = once(salvo, 'exit');
      salvo.kill('SIGINT');
      await exited;
    }
    await prometheus?.stop();
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has two dashboards whose variables are all used', () => {
    assert.deepEqual(dashboards.map((d) => d.uid).sort(), ['salvo-lab-service', 'salvo-run']);
    for (const dashboard of dashboards) {
      const text = JSON.stringify(dashboard.panels);
      for (const variable of dashboard.templating.list) {
        assert.ok(
          text.includes(`$${variable.name}`),
          `${dashboard.uid}: $${variable.name} unused by the panels`,
        );
      }
    }
  });

  it('has data for every recording rule, and every alert rule evaluates without error', async () => {
    const response = await fetch(`${prometheus.url}/api/v1/rules`);
    const body = (await response.json()) as {
      data: { groups: { rules: { type: string; name: string; health: string; lastError?: string }[] }[] };
    };
    const rules = body.data.groups.flatMap((group) => group.rules);
    assert.ok(rules.length >= 20, `${rules.length} rules loaded`);
    const empty: string[] = [];
    for (const rule of rules.filter((r) => r.type === 'recording')) {
      const samples = await eventually(
        () => prometheus.query(rule.name),
        (list) => list.length > 0,
      );
      if (!samples.some((sample) => Number.isFinite(sample.value))) empty.push(rule.name);
    }
    assert.deepEqual(empty, [], 'recording rules without data');
    const unhealthy = rules
      .filter((r) => r.health !== 'ok')
      .map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`);
    assert.deepEqual(unhealthy, []);
  });

  it('counts on the service side what Salvo counted on the client side', async () => {
    // the same moment's two scrapes are at most a scrape (1 s, 10 requests) apart
    // the run may have just started when this test comes: wait (bounded) for some traffic first
    const [client] = await eventually(
      () => prometheus.query('sum(salvo_http_reqs_total{name="/api/posts"})'),
      (samples) => (samples[0]?.value ?? 0) > 20,
    );
    const [server] = await prometheus.query('sum(http_requests_total{job="service", route="/api/posts"})');
    assert.ok(client && server, 'both sides counted /api/posts');
    assert.ok(client.value > 20, `${client.value} requests`);
    assert.ok(Math.abs(server.value - client.value) <= 30, `server ${server.value}, client ${client.value}`);
  });
  for (const dashboard of dashboards) {
    it(`${dashboard.uid}: every panel query returns data, variables filled with real values`, async () => {
      const values = new Map<string, string>();
      for (const variable of dashboard.templating.list) {
        const query = substitute(variable.query.query, values);
        const found = await eventually(
          () => labelValues(prometheus, query),
          (list) => list.length > 0,
        );
        assert.ok(found.length > 0, `${dashboard.uid}: variable $${variable.name} (${query}) has no values`);
        values.set(variable.name, variable.multi ? found.map(regexEscape).join('|') : (found[0] ?? ''));
      }
      const empty: string[] = [];
      for (const panel of dashboard.panels) {
        for (const { expr } of panel.targets) {
          const query = substitute(expr, values);
          // a query that does not parse rejects here, with Prometheus' error
          const samples = await eventually(
            () => prometheus.query(query),
            // a route quiet over the window reads NaN; one real figure is data
            (list) => list.some((sample) => Number.isFinite(sample.value)),
          );
          if (!samples.some((sample) => Number.isFinite(sample.value)))
            empty.push(`${panel.title}: ${query}`);
        }
      }
      assert.deepEqual(empty, [], `queries without data; salvo: ${salvoOutput.slice(-500)}`);
    });
  }
});
