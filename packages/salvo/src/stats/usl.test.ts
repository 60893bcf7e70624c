import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitUsl, uslThroughput } from './usl.ts';

const LEVELS = [1, 2, 4, 8, 16, 32, 64];
const near = (actual: number, expected: number, relative: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${what}: ${actual} vs ${expected}`,
  );

test('the fit recovers λ, σ and κ of noise-free data exactly, and the peak N* = sqrt((1−σ)/κ)', () => {
  for (const truth of [
    { lambda: 50, sigma: 0.1, kappa: 0.01 },
    { lambda: 1200, sigma: 0.02, kappa: 0.0005 },
    { lambda: 300, sigma: 0.3, kappa: 0 },
  ]) {
    const fit = fitUsl(LEVELS.map((n) => ({ n, x: uslThroughput(truth, n) })))!;
    near(fit.lambda, truth.lambda, 1e-6, 'λ');
    near(fit.sigma, truth.sigma, 1e-6, 'σ');
    assert.ok(Math.abs(fit.kappa - truth.kappa) < 1e-9, `κ ${fit.kappa} vs ${truth.kappa}`);
    assert.ok(fit.rSquared > 0.999999);
    if (truth.kappa > 0) {
      const peak = Math.sqrt((1 - truth.sigma) / truth.kappa);
      near(fit.peakConcurrency!, peak, 1e-5, 'N*');
      near(fit.peakThroughput!, uslThroughput(truth, peak), 1e-6, 'X(N*)');
    } else {
      assert.equal(fit.peakConcurrency, null);
      near(fit.peakThroughput!, truth.lambda / truth.sigma, 1e-6, 'ceiling λ/σ');
    }
  }
});

test('with 5 % multiplicative noise the coefficients stay close and the peak lands near N*', () => {
  const truth = { lambda: 100, sigma: 0.05, kappa: 0.002 };
  // a fixed, alternating noise pattern: deterministic, and no level is left exact
  const noise = [1.05, 0.95, 1.03, 0.97, 1.04, 0.96, 1.02];
  const fit = fitUsl(LEVELS.map((n, i) => ({ n, x: uslThroughput(truth, n) * noise[i]! })))!;
  near(fit.lambda, truth.lambda, 0.15, 'λ');
  near(fit.peakConcurrency!, Math.sqrt((1 - truth.sigma) / truth.kappa), 0.25, 'N*');
  assert.ok(fit.sigma < 0.15 && fit.kappa > 0.001 && fit.kappa < 0.004, `σ ${fit.sigma} κ ${fit.kappa}`);
});

test('no fit from fewer than three distinct levels with throughput', () => {
  assert.equal(
    fitUsl([
      { n: 1, x: 10 },
      { n: 2, x: 19 },
    ]),
    undefined,
  );
  assert.equal(
    fitUsl([
      { n: 1, x: 10 },
      { n: 2, x: 19 },
      { n: 4, x: 0 },
    ]),
    undefined,
  );
  assert.ok(
    fitUsl([
      { n: 1, x: 10 },
      { n: 2, x: 19 },
      { n: 4, x: 33 },
    ]),
  );
});
