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
import { parse } from 'yaml';
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

interface AlertRule {
  alert: string;
  expr: string;
  annotations: { summary: string; description: string };
}

const alertRules: AlertRule[] = ruleFiles.flatMap((file) =>
  (parse(readFileSync(file, 'utf8')) as { groups: { rules: (AlertRule | { record: string })[] }[] }).groups
    .flatMap((group) => group.rules)
    .filter((rule): rule is AlertRule => 'alert' in rule),
);

/** Each alert the unit tests evaluate, with whether some case expects it firing and some silent. */
function unitTestCases(): Map<string, { fires: boolean; silent: boolean }> {
  const cases = new Map<string, { fires: boolean; silent: boolean }>();
  for (const file of unitTestFiles) {
    const { tests } = parse(readFileSync(file, 'utf8')) as {
      tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
    };
    for (const { alertname, exp_alerts: expected = [] } of tests.flatMap((t) => t.alert_rule_test ?? [])) {
      const seen = cases.get(alertname) ?? { fires: false, silent: false };
      if (expected.length > 0) seen.fires = true;
      else seen.silent = true;
      cases.set(alertname, seen);
    }
  }
  return cases;
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

  it('has a unit test making every alert fire, and one where it stays silent', () => {
    assert.ok(alertRules.length >= 10, `${alertRules.length} alerts`);
    const cases = unitTestCases();
    const untested = alertRules
      .map((rule) => ({ alert: rule.alert, ...(cases.get(rule.alert) ?? { fires: false, silent: false }) }))
      .filter((rule) => !rule.fires || !rule.silent);
    assert.deepEqual(untested, [], 'alerts no unit test makes fire, or none keeps silent');
  });

  it('names the value in every summary and description, and the route where the alert has one', () => {
    for (const { alert, expr, annotations } of alertRules) {
      for (const text of [annotations.summary, annotations.description]) {
        // `up == 0` has no value worth telling: its job and instance are the news
        if (alert !== 'TargetDown') assert.match(text, /\{\{ \$value/, `${alert}: ${text}`);
        else assert.match(text, /\$labels\.instance/, `${alert}: ${text}`);
        // the recording rules kept per route are job_route:*
        if (expr.includes('job_route:')) assert.match(text, /\$labels\.route/, `${alert}: ${text}`);
      }
    }
  });
});
