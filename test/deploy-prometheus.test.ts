/**
 * deploy/prometheus on Debian's promtool: the configuration and its rule files load, and the
 * unit tests in deploy/prometheus/tests make every alert fire on broken series and stay
 * silent on healthy ones.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { prometheusSkipReason } from './helpers/prometheus.ts';
import { runTool } from './helpers/tools.ts';

const PROMETHEUS_DIR = fileURLToPath(new URL('../deploy/prometheus/', import.meta.url));
const RULES_DIR = join(PROMETHEUS_DIR, 'rules');
const TESTS_DIR = join(PROMETHEUS_DIR, 'tests');

const ruleFiles = readdirSync(RULES_DIR)
  .filter((file) => file.endsWith('.yml'))
  .map((file) => join(RULES_DIR, file));
const unitTestFiles = readdirSync(TESTS_DIR)
  .filter((file) => file.endsWith('.test.yml'))
  .map((file) => join(TESTS_DIR, file));

/** Names after `key:` at the start of a line (the rule and test files are plain YAML maps). */
function valuesOf(text: string, key: string): string[] {
  return [...text.matchAll(new RegExp(`^\\s*-?\\s*${key}:\\s*(\\S+)\\s*$`, 'gm'))].map(
    (match) => match[1] ?? '',
  );
}

/** Alert names that some unit test expects to fire (an `alertname` whose `exp_alerts` is not `[]`). */
function alertsExpectedToFire(text: string): Set<string> {
  const fired = new Set<string>();
  for (const match of text.matchAll(/alertname: (\S+)\n\s*exp_alerts:(?! \[\])/g)) fired.add(match[1] ?? '');
  return fired;
}

describe('deploy/prometheus', { skip: prometheusSkipReason() }, () => {
  it('is a valid configuration, its rule files included (promtool check config)', async () => {
    const { code, output } = await runTool('promtool', [
      'check',
      'config',
      join(PROMETHEUS_DIR, 'prometheus.yml'),
    ]);
    assert.equal(code, 0, output);
    assert.match(output, new RegExp(`SUCCESS: ${ruleFiles.length} rule files found`));
  });

  it('has valid rules (promtool check rules)', async () => {
    const { code, output } = await runTool('promtool', ['check', 'rules', ...ruleFiles]);
    assert.equal(code, 0, output);
  });

  it('passes its unit tests: every alert fires on broken series, none on healthy ones (promtool test rules)', async () => {
    const { code, output } = await runTool('promtool', ['test', 'rules', ...unitTestFiles]);
    assert.equal(code, 0, output);
    assert.equal(output.match(/SUCCESS/g)?.length, unitTestFiles.length, output);
  });

  it('tests every alert firing, with a summary and a description', () => {
    const rulesText = ruleFiles.map((file) => readFileSync(file, 'utf8')).join('\n');
    const alerts = valuesOf(rulesText, 'alert');
    assert.ok(alerts.length >= 10, `${alerts.length} alerts`);
    const fired = alertsExpectedToFire(unitTestFiles.map((file) => readFileSync(file, 'utf8')).join('\n'));
    assert.deepEqual(
      alerts.filter((alert) => !fired.has(alert)),
      [],
      'alerts no unit test makes fire',
    );
    for (const annotation of ['summary', 'description']) {
      const count = rulesText.match(
        new RegExp(`^\\s+${annotation}: ["'].*\\{\\{ \\$(labels|value)`, 'gm'),
      )?.length;
      assert.equal(count, alerts.length, `a ${annotation} naming its labels or value, per alert`);
    }
  });
});
