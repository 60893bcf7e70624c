/**
 * deploy/alertmanager on Debian's amtool: the configuration loads, and alerts with given
 * labels reach the receivers the routes promise.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runTool } from './helpers/tools.ts';

const CONFIG = fileURLToPath(new URL('../deploy/alertmanager/alertmanager.yml', import.meta.url));

/** As root a missing amtool is a failure (setup.sh installs it), otherwise a skip. */
function amtoolSkipReason(): string | false {
  if (spawnSync('amtool', ['--version'], { stdio: 'ignore' }).status === 0) return false;
  return process.getuid?.() === 0
    ? false
    : 'amtool is not installed and this is not root: apt-get install -y prometheus-alertmanager (scripts/setup.sh test)';
}

/** Label sets and the receivers, in order, their notifications go to. */
const ROUTES: readonly [labels: readonly string[], receivers: string][] = [
  [['alertname=HighErrorRatio', 'severity=page', 'job=service', 'route=/api/login'], 'pagerduty,slack'],
  [['alertname=TargetDown', 'severity=page', 'job=service'], 'pagerduty,slack'],
  [['alertname=HighLatencyP99', 'severity=warning', 'job=service'], 'slack'],
  [['alertname=SalvoGeneratorSaturated', 'severity=warning', 'test_id=abc'], 'slack-load-tests'],
  [['alertname=SalvoLatencyThresholdAtRisk', 'severity=warning', 'test_id=abc'], 'slack-load-tests'],
  [['alertname=Unknown'], 'slack'],
];

describe('deploy/alertmanager', { skip: amtoolSkipReason() }, () => {
  it('is a valid configuration (amtool check-config)', async () => {
    const { code, output } = await runTool('amtool', ['check-config', CONFIG]);
    assert.equal(code, 0, output);
    assert.match(output, /SUCCESS[\s\S]*1 inhibit rules[\s\S]*3 receivers/);
  });

  for (const [labels, receivers] of ROUTES) {
    it(`routes ${labels.join(' ')} to ${receivers} (amtool config routes test)`, async () => {
      const args = ['config', 'routes', 'test', `--config.file=${CONFIG}`, `--verify.receivers=${receivers}`];
      const { code, output } = await runTool('amtool', [...args, ...labels]);
      assert.equal(code, 0, output);
      assert.match(output, new RegExp(`^${receivers}$`, 'm'));
    });
  }

  it('reads every secret from a file, none written in the configuration', () => {
    const text = readFileSync(CONFIG, 'utf8');
    assert.match(text, /slack_api_url_file: \/etc\/alertmanager\/secrets\//);
    assert.match(text, /routing_key_file: \/etc\/alertmanager\/secrets\//);
    assert.doesNotMatch(text, /hooks\.slack\.com|api_url:|routing_key:|service_key:/);
  });
});
