import { levenbergMarquardt } from 'ml-levenberg-marquardt';

/** One measured level: concurrency N and throughput X(N) (requests a second). */
export interface UslPoint {
  readonly n: number;
  readonly x: number;
}

/**
 * Gunther's Universal Scalability Law fitted to throughput against concurrency:
 * X(N) = λN / (1 + σ(N−1) + κN(N−1)). λ is the throughput of one client, σ contention
 * (the serial share: queueing on a lock, a pool, one core), κ coherency (the cost of
 * keeping N parties in step, which makes throughput fall past a peak).
 */
export interface UslFit {
  readonly lambda: number;
  readonly sigma: number;
  readonly kappa: number;
  /** N* = sqrt((1−σ)/κ), where the curve peaks; null when κ = 0 or σ ≥ 1 (no peak). */
  readonly peakConcurrency: number | null;
  /** X(N*), or with no peak the ceiling the curve approaches, λ/σ (null when σ = 0 too). */
  readonly peakThroughput: number | null;
  /** Share of the throughput's variance the curve explains. */
  readonly rSquared: number;
}

/** X(N) under the law. */
export function uslThroughput(fit: Pick<UslFit, 'lambda' | 'sigma' | 'kappa'>, n: number): number {
  return (fit.lambda * n) / (1 + fit.sigma * (n - 1) + fit.kappa * n * (n - 1));
}

/**
 * Least squares on X(N) itself (Levenberg–Marquardt, σ and κ kept ≥ 0), started from the
 * exact solution of the linearised form N/X = 1/λ + (σ/λ)(N−1) + (κ/λ)N(N−1), which
 * already recovers noise-free data. Undefined with fewer than three levels that moved
 * any requests (three coefficients need three points).
 *
 * @example
 * const fit = fitUsl([{ n: 1, x: 100 }, { n: 8, x: 520 }, { n: 32, x: 610 }, { n: 64, x: 480 }]);
 */
export function fitUsl(points: readonly UslPoint[]): UslFit | undefined {
  const used = points.filter((point) => point.n >= 1 && point.x > 0);
  if (new Set(used.map((point) => point.n)).size < 3) return undefined;
  const start = linearisedStart(used);
  const xs = used.map((point) => point.n);
  const ys = used.map((point) => point.x);
  const scale = Math.max(...ys);
  // fitted on X / max(X), so the residuals (and the library's stopping rule) do not depend on the units
  const model =
    ([lambda, sigma, kappa]: number[]) =>
    (n: number) =>
      uslThroughput({ lambda: lambda!, sigma: sigma!, kappa: kappa! }, n);
  const jacobian =
    ([lambda, sigma, kappa]: number[]) =>
    (n: number): number[] => {
      const d = 1 + sigma! * (n - 1) + kappa! * n * (n - 1);
      const top = (lambda! * n) / (d * d);
      return [n / d, -top * (n - 1), -top * n * (n - 1)];
    };
  const { parameterValues } = levenbergMarquardt({ x: xs, y: ys.map((y) => y / scale) }, model, {
    initialValues: [start.lambda / scale, start.sigma, start.kappa],
    minValues: [0, 0, 0],
    jacobianFunction: jacobian,
    maxIterations: 500,
    errorTolerance: 1e-12,
    improvementThreshold: 1e-6,
  });
  const lambda = parameterValues[0]! * scale;
  const sigma = negligibleAsZero(parameterValues[1]!);
  const kappa = negligibleAsZero(parameterValues[2]!);
  return {
    lambda,
    sigma,
    kappa,
    ...peakOf(lambda, sigma, kappa),
    rSquared: rSquared(used, { lambda, sigma, kappa }),
  };
}

/**
 * A coefficient this small is the fit's rounding, not a measurement: κ = 1e-17 would put
 * a "peak" at N = 3·10⁸. At 1e-9 the terms it scales stay under 10⁻³ up to N = 1 000.
 */
const NEGLIGIBLE = 1e-9;
const negligibleAsZero = (value: number): number => (value < NEGLIGIBLE ? 0 : value);

function peakOf(
  lambda: number,
  sigma: number,
  kappa: number,
): Pick<UslFit, 'peakConcurrency' | 'peakThroughput'> {
  if (kappa > 0 && sigma < 1) {
    const peakConcurrency = Math.sqrt((1 - sigma) / kappa);
    return { peakConcurrency, peakThroughput: uslThroughput({ lambda, sigma, kappa }, peakConcurrency) };
  }
  return { peakConcurrency: null, peakThroughput: sigma > 0 ? lambda / sigma : null };
}

function rSquared(points: readonly UslPoint[], fit: Pick<UslFit, 'lambda' | 'sigma' | 'kappa'>): number {
  const mean = points.reduce((sum, point) => sum + point.x, 0) / points.length;
  let residual = 0;
  let total = 0;
  for (const point of points) {
    residual += (point.x - uslThroughput(fit, point.n)) ** 2;
    total += (point.x - mean) ** 2;
  }
  return total === 0 ? 1 : 1 - residual / total;
}

/** The linearised least-squares solution, σ and κ clamped at 0 (a start, not the answer). */
function linearisedStart(points: readonly UslPoint[]): { lambda: number; sigma: number; kappa: number } {
  const rows = points.map((point) => [1, point.n - 1, point.n * (point.n - 1)] as const);
  const targets = points.map((point) => point.n / point.x);
  const [a, b, c] = solveNormalEquations(rows, targets) ?? [points[0]!.n / points[0]!.x, 0, 0];
  const inverse = a! > 0 ? a! : points[0]!.n / points[0]!.x;
  return { lambda: 1 / inverse, sigma: Math.max(0, b! / inverse), kappa: Math.max(0, c! / inverse) };
}

/**
 * Least squares for three unknowns: the normal equations AᵀA·p = Aᵀy solved by Cramer's
 * rule. Written out because a 3×3 solve is all this needs (a matrix library for it would
 * be more code to read than this). Undefined for a singular system.
 */
function solveNormalEquations(
  rows: readonly (readonly number[])[],
  targets: readonly number[],
): number[] | undefined {
  const m = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((sum, row) => sum + row[i]! * row[j]!, 0)));
  const v = [0, 1, 2].map((i) => rows.reduce((sum, row, k) => sum + row[i]! * targets[k]!, 0));
  const det = (a: number[][]) =>
    a[0]![0]! * (a[1]![1]! * a[2]![2]! - a[1]![2]! * a[2]![1]!) -
    a[0]![1]! * (a[1]![0]! * a[2]![2]! - a[1]![2]! * a[2]![0]!) +
    a[0]![2]! * (a[1]![0]! * a[2]![1]! - a[1]![1]! * a[2]![0]!);
  const whole = det(m);
  if (!Number.isFinite(whole) || Math.abs(whole) < 1e-300) return undefined;
  return [0, 1, 2].map(
    (column) => det(m.map((row, i) => row.map((value, j) => (j === column ? v[i]! : value)))) / whole,
  );
}
