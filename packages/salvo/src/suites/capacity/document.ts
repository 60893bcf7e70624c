import type { StepFigures } from '../step/index.ts';
import type { SuiteMeta } from '../suite-meta.ts';
import type { SearchEnd } from './search.ts';

export const CAPACITY_SCHEMA = 'salvo/capacity';
export const CAPACITY_VERSION = 1;

/** One SLO expression's outcome in one step: `actual` is the value it tested (ms for times). */
export interface SloOutcome {
  key: string;
  expression: string;
  ok: boolean;
  actual: number | null;
}

/** One step of the search: the rate offered, what it measured, and why it held or not. */
export interface CapacityStep extends StepFigures {
  rateRps: number;
  phase: 'ramp' | 'bisect';
  holds: boolean;
  slo: SloOutcome[];
  /** Why it failed in words (an SLO crossed, iterations dropped, the generator saturated). */
  reasons: string[];
}

/** `salvo capacity --out json=FILE` (docs/suites.md). */
export interface CapacityDocument {
  schema: typeof CAPACITY_SCHEMA;
  version: typeof CAPACITY_VERSION;
  meta: SuiteMeta & {
    slo: Record<string, string[]>;
    stepDurationMs: number;
    warmupMs: number;
    startRps: number;
    factor: number;
    maxRps: number;
    precision: number;
  };
  /** The highest rate that held the SLO; null when even the first step failed. */
  sustainableRps: number | null;
  /** The lowest rate that failed; null when none did. */
  failedRps: number | null;
  end: SearchEnd;
  steps: CapacityStep[];
}
