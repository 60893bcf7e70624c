/**
 * deploy/alertmanager at runtime, on Debian's Alertmanager: alerts fired at its API reach
 * Slack and PagerDuty as those services would receive them (a local webhook stands in for
 * both: the test copy of the shipped configuration points the receivers' URLs at it), and
 * a TargetDown alert keeps its job's symptom alerts from being sent.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { type RunningAlertmanager, startAlertmanager } from './helpers/alertmanager.ts';

const CONFIG = fileURLToPath(new URL('../deploy/alertmanager/alertmanager.yml', import.meta.url));
const SECRETS = '/etc/alertmanager/secrets/';
const ROUTING_KEY = 'test-routing-key-0123456789abcdef';
/** How long a notification may take: group_wait is 1 s in the test copy; the machine is shared. */
const DELIVERY_TIMEOUT_MS = 30_000;

/** As root a missing Alertmanager is a failure (setup.sh installs it), otherwise a skip. */
function skipReason(): string | false {
  if (spawnSync('prometheus-alertmanager', ['--version'], { stdio: 'ignore' }).status === 0) return false;
  return process.getuid?.() === 0
    ? false
    : 'prometheus-alertmanager is not installed and this is not root: apt-get install -y prometheus-alertmanager (scripts/setup.sh test)';
}

interface Notification {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/** The stand-in for Slack (POST /slack) and PagerDuty (POST /pagerduty): keeps what it is sent. */
async function startWebhook(): Promise<{ server: Server; url: string; received: Notification[] }> {
  const received: Notification[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
      // PagerDuty's Events API v2 answers 202 with a status; Slack answers 200 "ok"
      res.statusCode = req.url === '/pagerduty' ? 202 : 200;
      res.end(req.url === '/pagerduty' ? '{"status":"success","message":"Event processed"}' : 'ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** Every string in `value` (a parsed YAML document), recursively, with its replacement. */
function mapStrings(value: unknown, replace: (text: string) => string): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, replace));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, replace)]));
  }
  return value;
}

/** Every route, the root included. */
function routesOf(route: Record<string, unknown>): Record<string, unknown>[] {
  const children = (route.routes as Record<string, unknown>[] | undefined) ?? [];
  return [route, ...children.flatMap(routesOf)];
}

/**
 * The shipped configuration as the test runs it: the secret files read from `secretsDir`
 * (where the test writes them), PagerDuty's events URL pointed at the webhook (Slack's URL
 * is itself a secret file), and 1 s waits before a group's first notification.
 */
function testConfig(secretsDir: string, webhook: string): { text: string; secretFiles: Set<string> } {
  const secretFiles = new Set<string>();
  const config = mapStrings(parse(readFileSync(CONFIG, 'utf8')), (text) => {
    if (!text.startsWith(SECRETS)) return text;
    secretFiles.add(text.slice(SECRETS.length));
    return join(secretsDir, text.slice(SECRETS.length));
  }) as {
    route: Record<string, unknown>;
    receivers: { name: string; pagerduty_configs?: Record<string, unknown>[] }[];
  };
  for (const route of routesOf(config.route)) if ('group_wait' in route) route.group_wait = '1s';
  for (const receiver of config.receivers) {
    for (const pagerduty of receiver.pagerduty_configs ?? []) pagerduty.url = `${webhook}/pagerduty`;
  }
  return { text: stringify(config), secretFiles };
}

async function until<T>(what: string, find: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${DELIVERY_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface SlackMessage {
  channel: string;
  attachments: { title: string; text: string }[];
}

interface PagerDutyEvent {
  routing_key: string;
  event_action: string;
  dedup_key: string;
  payload: { summary: string; source: string; severity: string };
}

describe('deploy/alertmanager delivering (Debian’s Alertmanager, a local webhook for Slack and PagerDuty)', {
  skip: skipReason(),
}, () => {
  let webhook: Awaited<ReturnType<typeof startWebhook>>;
  let alertmanager: RunningAlertmanager;
  let secretsDir: string;

  before(async () => {
    webhook = await startWebhook();
    secretsDir = mkdtempSync(join(tmpdir(), 'salvo-am-secrets-'));
    const { text, secretFiles } = testConfig(secretsDir, webhook.url);
    assert.deepEqual([...secretFiles].sort(), ['pagerduty-routing-key', 'slack-webhook-url']);
    writeFileSync(join(secretsDir, 'slack-webhook-url'), `${webhook.url}/slack\n`);
    writeFileSync(join(secretsDir, 'pagerduty-routing-key'), `${ROUTING_KEY}\n`);
    alertmanager = await startAlertmanager(text);
  });

  after(async () => {
    await alertmanager?.stop();
    webhook?.server.close();
    if (secretsDir) rmSync(secretsDir, { recursive: true, force: true });
  });

  const slackMessages = () =>
    webhook.received.filter((n) => n.path === '/slack').map((n) => n.body as unknown as SlackMessage);
  const pagerDutyEvents = () =>
    webhook.received.filter((n) => n.path === '/pagerduty').map((n) => n.body as unknown as PagerDutyEvent);

  it('a page reaches PagerDuty (Events API v2) and the #alerts Slack channel', async () => {
    const summary = 'Route /api/login answers 4.2 % 5xx';
    await alertmanager.fire([
      {
        labels: { alertname: 'HighErrorRatio', severity: 'page', job: 'checkout', route: '/api/login' },
        annotations: { summary, description: '4.2 % of requests to /api/login failed over 5 m' },
      },
    ]);
    const event = await until('the PagerDuty event', () =>
      pagerDutyEvents().find((e) => e.payload.summary === summary),
    );
    assert.equal(event.routing_key, ROUTING_KEY, 'the routing key read from its secret file');
    assert.equal(event.event_action, 'trigger');
    assert.match(event.dedup_key, /^[0-9a-f]{64}$/, 'one incident per alert group');

    const message = await until('the Slack message', () =>
      slackMessages().find((m) => m.attachments[0]?.title === 'HighErrorRatio (firing)'),
    );
    assert.equal(message.channel, '#alerts');
    assert.equal(
      message.attachments[0]?.text,
      `${summary}: 4.2 % of requests to /api/login failed over 5 m\n`,
      'the summary and description, as the template writes them',
    );
  });

  it('a warning goes to Slack only; a Salvo test alert to #load-tests, naming the test', async () => {
    await alertmanager.fire([
      {
        labels: { alertname: 'HighLatencyP99', severity: 'warning', job: 'search' },
        annotations: { summary: 'p99 of /search is 0.8 s' },
      },
      {
        labels: { alertname: 'SalvoGeneratorSaturated', severity: 'warning', test_id: 'run-42' },
        annotations: { summary: 'runner r0 is CPU-bound' },
      },
    ]);
    const warning = await until('the warning on Slack', () =>
      slackMessages().find((m) => m.attachments[0]?.text.startsWith('p99 of /search is 0.8 s')),
    );
    assert.equal(warning.channel, '#alerts');
    const salvo = await until('the Salvo alert on Slack', () =>
      slackMessages().find((m) => m.channel === '#load-tests'),
    );
    assert.equal(salvo.attachments[0]?.title, 'SalvoGeneratorSaturated in test run-42 (firing)');
    assert.equal(salvo.attachments[0]?.text, 'runner r0 is CPU-bound\n');
    assert.equal(
      pagerDutyEvents().filter(
        (e) => e.payload.summary.includes('/search') || e.payload.summary.includes('r0'),
      ).length,
      0,
      'warnings page nobody',
    );
  });

  it('TargetDown for a job keeps that job’s symptom alerts from being sent, and only that job’s', async () => {
    await alertmanager.fire([
      {
        labels: { alertname: 'TargetDown', severity: 'page', job: 'blog', instance: 'blog:3000' },
        annotations: { summary: 'blog:3000 of job blog is down' },
      },
    ]);
    await until('the TargetDown page', () =>
      pagerDutyEvents().find((e) => e.payload.summary === 'blog:3000 of job blog is down'),
    );
    await alertmanager.fire([
      {
        labels: { alertname: 'HighLatencyP99', severity: 'warning', job: 'blog', route: '/' },
        annotations: { summary: 'p99 of / on blog is 2 s' },
      },
      {
        labels: { alertname: 'HighLatencyP99', severity: 'warning', job: 'shop', route: '/' },
        annotations: { summary: 'p99 of / on shop is 2 s' },
      },
    ]);
    const suppressed = await until('the blog symptom marked inhibited', async () =>
      (await alertmanager.alerts()).find(
        (a) =>
          a.labels.alertname === 'HighLatencyP99' &&
          a.labels.job === 'blog' &&
          a.status.state === 'suppressed' &&
          a.status.inhibitedBy.length > 0,
      ),
    );
    assert.equal(suppressed.status.inhibitedBy.length, 1);
    // the other job's alert, fired at the same moment and grouped the same way, is delivered …
    await until('the shop symptom on Slack', () =>
      slackMessages().find((m) => m.attachments[0]?.text.startsWith('p99 of / on shop is 2 s')),
    );
    // … and the blog's has had the same group_wait (1 s) and more, twice over, to show up
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const blogSymptoms = slackMessages().filter((m) => m.attachments[0]?.text.includes('on blog'));
    assert.deepEqual(blogSymptoms, [], 'nothing sent for the blog while its target is down');
  });
});
