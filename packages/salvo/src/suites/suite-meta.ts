import { hostname } from 'node:os';
import { isoTime } from '../iso-time.ts';
import { SALVO_VERSION } from '../version.ts';

/**
 * How a suite ended: all its steps ran; Ctrl-C stopped it after the step in progress; or a
 * step could not start after others ran (`reason` says why). The steps run are kept.
 */
export type SuiteOutcome = 'completed' | 'interrupted' | 'failed';

/** What every suite document's `meta` starts with (docs/suites.md). */
export interface SuiteMeta {
  salvoVersion: string;
  node: string;
  host: string;
  /** The test file, or the --url targets. */
  test: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  outcome: SuiteOutcome;
  /** With `failed`: the error that stopped it, as printed. */
  reason?: string;
}

/** The meta of a suite that started at `startedAtMs` and ends now. */
export function suiteMeta(
  test: string,
  startedAtMs: number,
  ending: { outcome: SuiteOutcome; reason?: string },
): SuiteMeta {
  const endedAtMs = Date.now();
  return {
    salvoVersion: SALVO_VERSION,
    node: process.version,
    host: hostname(),
    test,
    startedAt: isoTime(startedAtMs),
    endedAt: isoTime(endedAtMs),
    durationMs: endedAtMs - startedAtMs,
    ...ending,
  };
}
