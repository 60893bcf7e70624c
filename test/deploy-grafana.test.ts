/**
 * deploy/grafana's dashboards proven by their queries: the real blog (packages/instrument)
 * under a real Salvo test, both scraped by Debian's Prometheus with the shipped rules; every
 * panel's PromQL, its variables filled with the values Prometheus holds, must parse and
 * return data. Every recording rule must have data, every alert rule evaluate cleanly and
 * each side of its condition have data; the service counts per route what Salvo counted per
 * request name. And the dashboards' JSON as Grafana imports it, against the provisioning.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { type Stack, startStack } from '../examples/blog/src/testing.ts';
import { prometheusSkipReason, type RunningPrometheus, startPrometheus } from './helpers/prometheus.ts';
import { freePort } from './helpers/redis.ts';

const BIN = fileURLToPath(new URL('../packages/salvo/bin/salvo.js', import.meta.url));
const DASHBOARDS_DIR = fileURLToPath(new URL('../deploy/grafana/dashboards/', import.meta.url));
const RULES_DIR = fileURLToPath(new URL('../deploy/prometheus/rules/', import.meta.url));
const DATASOURCE_FILE = fileURLToPath(
  new URL('../deploy/grafana/provisioning/datasources/prometheus.yaml', import.meta.url),
);
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

interface Datasource {
  type: string;
  uid: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource: Datasource;
  gridPos: { x: number; y: number; w: number; h: number };
  targets: { refId: string; expr: string; datasource: Datasource }[];
  panels?: unknown[];
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: {
    list: { name: string; type: string; datasource: Datasource; query: { query: string }; multi: boolean }[];
  };
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

/**
 * What an alert's condition watches, one query each: `expression` split at its top-level
 * `or`, `and` and `unless` (each side may watch other series), with `bool` after each
 * comparison outside label matchers, so `a > 0.5` returns every series of `a` (0 or 1)
 * instead of only those past the bound.
 */
function conditionsOf(expression: string): string[] {
  const parts: string[] = [];
  let part = '';
  let parens = 0;
  let braces = 0;
  let quote = '';
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i] ?? '';
    const rest = expression.slice(i);
    if (quote !== '') {
      if (char === quote && expression[i - 1] !== '\\') quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(') parens++;
    else if (char === ')') parens--;
    else if (char === '{') braces++;
    else if (char === '}') braces--;
    else if (braces === 0) {
      const join = /^\s(or|and|unless)\s+((on|ignoring)\s*\([^)]*\)\s*)?/.exec(rest)?.[0];
      if (parens === 0 && join !== undefined) {
        parts.push(part);
        part = '';
        i += join.length - 1;
        continue;
      }
      const operator = /^(==|!=|>=|<=|>|<)/.exec(rest)?.[0];
      if (operator !== undefined) {
        part += `${operator} bool`;
        i += operator.length - 1;
        continue;
      }
    }
    part += char;
  }
  return [...parts, part].map((query) => query.trim());
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

describe('deploy/grafana dashboards as Grafana imports them', () => {
  const provisioned = (
    parse(readFileSync(DATASOURCE_FILE, 'utf8')) as { datasources: { uid: string; type: string }[] }
  ).datasources;

  it('are dashboards: uid, title, schema version, panels with an id, a type, a place on the 24-column grid', () => {
    for (const dashboard of dashboards) {
      assert.ok(dashboard.uid && dashboard.title && dashboard.schemaVersion >= 36, dashboard.uid);
      const ids = dashboard.panels.map((panel) => panel.id);
      assert.equal(new Set(ids).size, ids.length, `${dashboard.uid}: panel ids repeat`);
      for (const panel of dashboard.panels) {
        const where = `${dashboard.uid}/${panel.title}`;
        assert.equal(
          panel.panels,
          undefined,
          `${where}: a row's panels would be left out of the query checks`,
        );
        assert.ok(panel.type && panel.title, where);
        const { x, y, w, h } = panel.gridPos;
        assert.ok(
          x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24,
          `${where}: gridPos ${JSON.stringify(panel.gridPos)}`,
        );
        assert.ok(panel.targets.length > 0, `${where}: no query`);
        const refIds = panel.targets.map((target) => target.refId);
        assert.equal(new Set(refIds).size, refIds.length, `${where}: refIds repeat`);
      }
    }
  });

  it('read the provisioned Prometheus datasource, by its uid, in every panel, query and variable', () => {
    assert.equal(provisioned.length, 1);
    const expected = { type: 'prometheus', uid: provisioned[0]?.uid };
    for (const dashboard of dashboards) {
      const sources = [
        ...dashboard.panels.flatMap((panel) => [panel.datasource, ...panel.targets.map((t) => t.datasource)]),
        ...dashboard.templating.list.map((variable) => variable.datasource),
      ];
      assert.deepEqual(
        sources.filter((source) => source?.type !== expected.type || source.uid !== expected.uid),
        [],
        dashboard.uid,
      );
    }
  });

  it('have the variables the lab needs: job and route for the service, job and test id for a run', () => {
    const names = new Map(dashboards.map((d) => [d.uid, d.templating.list.map((v) => v.name)]));
    assert.deepEqual(names.get('salvo-lab-service'), ['job', 'route']);
    assert.deepEqual(names.get('salvo-run')?.slice(0, 2), ['job', 'test_id']);
  });
});

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

  it('has data for every alert condition, each side of its or/and, asked through the query API (comparisons as `bool`)', async () => {
    const response = await fetch(`${prometheus.url}/api/v1/rules?type=alert`);
    const body = (await response.json()) as {
      data: { groups: { rules: { name: string; query: string }[] }[] };
    };
    const alerts = body.data.groups.flatMap((group) => group.rules);
    assert.ok(alerts.length >= 10, `${alerts.length} alerts loaded`);
    const empty: string[] = [];
    for (const alert of alerts) {
      for (const query of conditionsOf(alert.query)) {
        const samples = await eventually(
          () => prometheus.query(query),
          (list) => list.length > 0,
        );
        if (samples.length === 0) empty.push(`${alert.name}: ${query}`);
      }
    }
    assert.deepEqual(empty, [], 'alert conditions over series Prometheus does not have');
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

  it('counts on the service side what Salvo counted on the client side, route by route and status by status', async (t) => {
    // the run may have just started when this test comes: wait (bounded) for some traffic first
    await eventually(
      () => prometheus.query('min(sum by (name) (salvo_http_reqs_total{name=~"/api/posts|/api/posts/:id"}))'),
      (samples) => (samples[0]?.value ?? 0) > 20,
    );
    const counts = async (query: string, label: string) =>
      new Map((await prometheus.query(query)).map((s) => [`${s.metric[label]} ${s.metric.status}`, s.value]));
    const client = await counts('sum by (name, status) (salvo_http_reqs_total)', 'name');
    const server = await counts('sum by (route, status) (http_requests_total{job="service"})', 'route');
    // routes templated by the service (ids out), as Salvo names its requests
    const routes = new Set([...server.keys()].map((key) => key.split(' ')[0]));
    assert.ok(routes.has('/api/posts/:id'), `routes: ${[...routes].join(', ')}`);
    assert.deepEqual(
      [...routes].filter((route) => /\/\d+(\/|$)/.test(route ?? '')),
      [],
      'an id in a route label',
    );
    assert.ok((client.get('/api/posts 200') ?? 0) > 20, `client: ${JSON.stringify([...client])}`);
    assert.ok((client.get('/api/posts/:id 404') ?? 0) > 20, `client: ${JSON.stringify([...client])}`);
    // every name and status Salvo counted, counted by the service as many times: the two
    // scrapes of a moment are about a scrape apart (1 s: at most 8 iterations of 2 VUs, 3 here)
    const apart = [...client]
      .filter(([key, value]) => Math.abs((server.get(key) ?? 0) - value) > 15)
      .map(([key, value]) => `${key}: client ${value}, service ${server.get(key) ?? 0}`);
    assert.deepEqual(apart, [], `client and service counts apart; service: ${JSON.stringify([...server])}`);
    t.diagnostic(
      [...client].map(([key, value]) => `${key}: client ${value}, service ${server.get(key)}`).join('; '),
    );
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
