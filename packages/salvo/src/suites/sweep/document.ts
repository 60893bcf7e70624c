import type { Knee, UslFit } from '../../stats/index.ts';
import type { StepFigures } from '../step/index.ts';
import type { SuiteMeta } from '../suite-meta.ts';

export const SWEEP_SCHEMA = 'salvo/sweep';
export const SWEEP_VERSION = 1;

/** One level of one endpoint: what its measured step (after its warm-up) gave. */
export interface SweepLevel extends StepFigures {
  /** VUs (closed model) or requests a second offered (open model). */
  readonly level: number;
}

export interface SweepEndpoint {
  /** `GET /path` for a --url request; the request name (or `all`) for a test file. */
  readonly name: string;
  readonly levels: SweepLevel[];
  /** Where throughput stopped growing with the level (Kneedle), null when it did not. */
  readonly knee: (Knee & { readonly level: number; readonly goodputRps: number }) | null;
  /** Closed model only, from three levels up, without levels where the generator saturated. */
  readonly usl: UslFit | null;
  /** Levels left out of the knee and the fit: the generator, not the service, set their pace. */
  readonly generatorBound: number[];
}

/** `salvo sweep --out json=FILE` (docs/suites.md). */
export interface SweepDocument {
  schema: typeof SWEEP_SCHEMA;
  version: typeof SWEEP_VERSION;
  meta: SuiteMeta & {
    model: 'closed' | 'open';
    levels: number[];
    levelDurationMs: number;
    warmupMs: number;
  };
  endpoints: SweepEndpoint[];
}
