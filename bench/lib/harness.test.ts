import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isSelected, parseBenchArgs, parseDurationS } from './args.ts';
import { goalPerCore } from './goals.ts';
import { renderTemplate } from './nginx.ts';
import {
  hardNofileLimit,
  parseProcStat,
  parseRssFileBytes,
  parseTimeOutput,
  parseVmHwmBytes,
  TreeSampler,
} from './proc-tree.ts';
import { ratio, renderNotes, renderTable, reqPerCpuSecond } from './report.ts';
import { median, summarizeRounds } from './rounds.ts';
import { whyLine } from './run-generator.ts';
import type { BenchRow } from './types.ts';

const NAMES = ['wrk', 'autocannon', 'salvo', 'goals'];

describe('args', () => {
  it('defaults to 10 s and 50 connections; --quick makes it 3 s', () => {
    assert.deepEqual(parseBenchArgs([], NAMES), {
      durationS: 10,
      connections: 50,
      only: null,
      skip: [],
      quick: false,
      rounds: 1,
    });
    assert.equal(parseBenchArgs(['--quick'], NAMES).durationS, 3);
    assert.equal(parseBenchArgs(['--quick', '--duration', '5s'], NAMES).durationS, 5);
  });
  it('selects by --only and --skip and rejects unknown names', () => {
    const options = parseBenchArgs(['--only', 'wrk,salvo', '--skip', 'salvo'], NAMES);
    assert.equal(isSelected(options, 'wrk'), true);
    assert.equal(isSelected(options, 'salvo'), false);
    assert.equal(isSelected(options, 'autocannon'), false);
    assert.throws(() => parseBenchArgs(['--only', 'k6'], NAMES), /unknown name k6/);
    assert.throws(() => parseBenchArgs(['--connections', '0'], NAMES), /--connections/);
    assert.equal(parseBenchArgs(['--rounds', '3'], NAMES).rounds, 3);
    assert.throws(() => parseBenchArgs(['--rounds', '1.5'], NAMES), /--rounds/);
  });
  it('takes whole seconds or minutes', () => {
    assert.equal(parseDurationS('10'), 10);
    assert.equal(parseDurationS('2m'), 120);
    assert.throws(() => parseDurationS('1.5s'), /whole seconds/);
    assert.throws(() => parseDurationS('0s'), /at least 1s/);
  });
});

describe('proc parsing', () => {
  it('reads ppid and utime+stime from a stat line whose name has spaces and parentheses', () => {
    const line =
      '4242 (my (odd) tool) S 17 4242 17 0 -1 4194304 100 0 0 0 250 75 3 1 20 0 1 0 1000 1000000 200';
    assert.deepEqual(parseProcStat(line), { pid: 4242, ppid: 17, cpuTicks: 325 });
  });
  it('reads VmHWM in bytes, null when absent', () => {
    assert.equal(parseVmHwmBytes('Name:\twrk\nVmHWM:\t    5120 kB\nVmRSS:\t 4000 kB\n'), 5120 * 1024);
    assert.equal(parseVmHwmBytes('Name:\tkthreadd\n'), null);
    assert.equal(
      parseRssFileBytes('VmHWM:\t 9000 kB\nRssAnon:\t 3000 kB\nRssFile:\t    6016 kB\n'),
      6016 * 1024,
    );
    assert.equal(parseRssFileBytes('Name:\tkthreadd\n'), null);
  });
  it('reads GNU time output, also after its non-zero status line', () => {
    assert.deepEqual(parseTimeOutput('10.02 1.50 0.25 5120\n'), {
      wallSeconds: 10.02,
      cpuSeconds: 1.75,
      maxRssBytes: 5120 * 1024,
    });
    assert.equal(parseTimeOutput('Command exited with non-zero status 1\n1.00 0.5 0.5 100\n').cpuSeconds, 1);
    assert.throws(() => parseTimeOutput('garbage'), /unexpected \/usr\/bin\/time output/);
  });
  it('reads the hard open-file limit', () => {
    const limits =
      'Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 20000                files\n';
    assert.equal(hardNofileLimit(limits), 20000);
  });
  it('samples this very process', () => {
    const sampler = new TreeSampler(process.pid, true);
    sampler.sample();
    const totals = sampler.totals(100);
    assert.ok(totals.cpuSeconds > 0);
    assert.ok(totals.peakRssBytes > 10 * 1024 * 1024);
    assert.deepEqual(sampler.pids(), [process.pid]);
  });
});

describe('nginx template', () => {
  it('fills every field of the shipped template and refuses a missing one', () => {
    const template = readFileSync(new URL('../nginx/nginx.conf.template', import.meta.url), 'utf8');
    const config = renderTemplate(template, {
      dir: '/tmp/x',
      port: 8080,
      workerConnections: 4096,
      rlimitNofile: 8192,
    });
    assert.doesNotMatch(config, /\{\{/);
    assert.match(config, /listen 127\.0\.0\.1:8080 /);
    assert.match(config, /access_log off;/);
    assert.throws(() => renderTemplate('listen {{port}};', {}), /no value for \{\{port\}\}/);
  });
});

describe('report', () => {
  const usage = (cpuSeconds: number) => ({
    wallSeconds: 10,
    cpuSeconds,
    peakRssBytes: 50 * 1024 * 1024,
    cpuSource: 'time' as const,
  });
  const report = (reqPerSec: number) => ({
    requests: reqPerSec * 10,
    reqPerSec,
    p50Ms: 1,
    p99Ms: 5,
    errors: 0,
  });

  it('divides requests by CPU seconds, and ratios guard against missing figures', () => {
    assert.equal(reqPerCpuSecond(report(1000), usage(2), 10), 5000);
    assert.equal(reqPerCpuSecond({ ...report(1000), requests: null }, usage(5), 10), 2000);
    assert.equal(reqPerCpuSecond(report(1000), usage(0), 10), null);
    assert.equal(ratio(3, 2), 1.5);
    assert.equal(ratio(3, 0), null);
    assert.equal(ratio(undefined, 2), null);
  });
  it('renders ratios against autocannon and wrk, and skipped rows with their reason', () => {
    const rows: BenchRow[] = [
      { tool: 'wrk', status: 'ok', report: report(4000), usage: usage(4), reqPerCpuSecond: 10_000 },
      { tool: 'autocannon', status: 'ok', report: report(2000), usage: usage(8), reqPerCpuSecond: 2500 },
      { tool: 'salvo', status: 'ok', report: report(3000), usage: usage(8.57), reqPerCpuSecond: 3500 },
      { tool: 'hey', status: 'skipped', reason: 'apt-get could not install hey' },
    ];
    const lines = renderTable(summarizeRounds([rows])).split('\n');
    assert.equal(lines.length, 6);
    assert.match(
      lines[4] ?? '',
      /^\| salvo \| 3,000 \| 30,000 \| 3,500 \| .* \| 1\.50 \| 1\.40 \| 0\.75 \| 0\.35 \|$/,
    );
    assert.match(lines[5] ?? '', /^\| hey \| skipped: apt-get could not install hey \|/);
  });
});

describe('rounds', () => {
  const MIB = 1024 * 1024;
  /** An ok row whose req/CPU-s is `perCpu`, its req/s a tenth of it. */
  const ok = (tool: string, perCpu: number, rssMiB = 50, p50Ms = 1): BenchRow => ({
    tool,
    status: 'ok',
    report: { requests: perCpu, reqPerSec: perCpu / 10, p50Ms, p99Ms: p50Ms * 5, errors: 1 },
    usage: { wallSeconds: 10, cpuSeconds: 1, peakRssBytes: rssMiB * MIB, cpuSource: 'time' },
    reqPerCpuSecond: perCpu,
  });

  it('takes the middle value, the mean of the two middle ones, and ignores missing values', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([null, 5, undefined]), 5);
    assert.equal(median([]), null);
  });
  it('reports medians, the largest peak RSS and all errors, and ratios as medians of per-round ratios', () => {
    // salvo ÷ autocannon per round: 1.5, 1.3, 1.2 (median 1.3); the ratio of the medians would be 1.2.
    const rounds = [
      [ok('wrk', 6000), ok('autocannon', 1000, 60, 2), ok('salvo', 1500, 40, 3)],
      [ok('wrk', 6000), ok('autocannon', 2000, 80, 1), ok('salvo', 2600, 45, 1)],
      [ok('wrk', 6000), ok('autocannon', 1500, 70, 3), ok('salvo', 1800, 42, 2)],
    ];
    const salvo = summarizeRounds(rounds)[2]!;
    assert.equal(salvo.reqPerCpuSecond, 1800);
    assert.equal(salvo.report?.reqPerSec, 180);
    assert.equal(salvo.report?.p50Ms, 2);
    assert.equal(salvo.report?.errors, 3);
    assert.equal(salvo.usage?.peakRssBytes, 45 * MIB);
    assert.deepEqual(salvo.rounds, { run: 3, ok: 3 });
    assert.equal(salvo.ratios.reqPerCpuSecondAc?.toFixed(2), '1.30');
    assert.equal(salvo.ratios.reqPerSecAc?.toFixed(2), '1.30');
    assert.equal(salvo.ratios.reqPerCpuSecondWrk?.toFixed(2), '0.30');
  });
  it('leaves out failed rounds, notes them, and drops the ratio of a round whose reference failed', () => {
    const failed = (tool: string): BenchRow => ({ tool, status: 'failed', reason: 'exit 1: boom' });
    const rounds = [
      [ok('autocannon', 1000), ok('salvo', 2000), failed('loadtest')],
      [failed('autocannon'), ok('salvo', 9000), failed('loadtest')],
      [ok('autocannon', 1000), failed('salvo'), failed('loadtest')],
    ];
    const [autocannon, salvo, loadtest] = summarizeRounds(rounds);
    assert.deepEqual(salvo?.rounds, { run: 3, ok: 2 });
    assert.equal(salvo?.reqPerCpuSecond, 5500);
    assert.equal(salvo?.ratios.reqPerCpuSecondAc, 2);
    assert.equal(salvo?.ratios.reqPerCpuSecondWrk, null);
    assert.equal(autocannon?.status, 'ok');
    assert.deepEqual(loadtest, {
      tool: 'loadtest',
      status: 'failed',
      reason: 'exit 1: boom',
      rounds: { run: 3, ok: 0 },
      ratios: { reqPerSecAc: null, reqPerCpuSecondAc: null, reqPerSecWrk: null, reqPerCpuSecondWrk: null },
    });
    assert.match(renderNotes(summarizeRounds(rounds)), /salvo: failed in 1 of 3 rounds \(exit 1: boom\)/);
  });
  it('bases goal (a) on salvo-test when it ran, else on salvo, and says which', () => {
    const round = [ok('autocannon', 1000), ok('salvo', 1500), ok('salvo-test', 1200)];
    const whole = goalPerCore(summarizeRounds([round]));
    assert.equal(whole.measured, 'used salvo-test 1.20× (also salvo 1.50×)');
    assert.equal(whole.pass, false);
    const urlOnly = goalPerCore(summarizeRounds([round.slice(0, 2)]));
    assert.equal(urlOnly.measured, 'used salvo 1.50×');
    assert.equal(urlOnly.pass, true);
  });
});

describe('whyLine', () => {
  it('picks the error line of a Node stack trace rather than its closing version line', () => {
    const stderr =
      'node:internal/modules/esm/resolve:272\n    throw new X(\nError [ERR_MODULE_NOT_FOUND]: Cannot find module a.ts\n    at f (x:1)\n\nNode.js v24.21.0\n';
    assert.equal(whyLine(stderr), 'Error [ERR_MODULE_NOT_FOUND]: Cannot find module a.ts');
    assert.equal(whyLine('just one line\n'), 'just one line');
    assert.equal(whyLine(''), '');
  });
});
