import { SalvoError } from '../errors.ts';
import type { RunnerFleet } from '../run/coordinator.ts';
import type { PlanSource } from '../run/load-plan.ts';
import { clusterFleet } from './cluster-fleet.ts';
import { formatRunnerTable } from './runner-table.ts';

/** A runner whose heartbeat (every second) has not moved for this long is lost. */
const LOST_AFTER_MS = 3000;

export interface ClusterFlags {
  readonly cluster?: string;
  readonly 'runners-min'?: string;
  readonly 'on-runner-lost'?: string;
}

/**
 * `salvo run --cluster URL`: the fleet of remote runners, and what to print after the
 * summary (the per-runner table); undefined without --cluster.
 */
export function clusterRun(
  flags: ClusterFlags,
  source: PlanSource,
  testLabel: string,
): { fleet: RunnerFleet; table(durationMs: number): string } | undefined {
  if (flags.cluster === undefined) {
    for (const flag of ['runners-min', 'on-runner-lost'] as const) {
      if (flags[flag] !== undefined)
        throw new SalvoError('SALVO_ERR_USAGE', `--${flag} goes with --cluster URL`);
    }
    return undefined;
  }
  const runnersMin = Number(flags['runners-min'] ?? 1);
  if (!Number.isInteger(runnersMin) || runnersMin < 1) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `--runners-min must be a whole number >= 1, got ${flags['runners-min']}`,
    );
  }
  const onRunnerLost = flags['on-runner-lost'] ?? 'reassign';
  if (onRunnerLost !== 'reassign' && onRunnerLost !== 'stop') {
    throw new SalvoError('SALVO_ERR_USAGE', `--on-runner-lost must be reassign or stop, got ${onRunnerLost}`);
  }
  const fleet = clusterFleet(source, {
    url: flags.cluster,
    runnersMin,
    onRunnerLost,
    testLabel,
    lostAfterMs: LOST_AFTER_MS,
    log: (line) => process.stderr.write(`salvo: ${line}\n`),
  });
  return {
    fleet,
    table: (durationMs) => {
      const { rows, notes } = fleet.report();
      return formatRunnerTable(rows, notes, durationMs);
    },
  };
}
