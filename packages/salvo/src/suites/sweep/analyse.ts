import { findKnee, fitUsl } from '../../stats/index.ts';
import type { SweepEndpoint, SweepLevel } from './document.ts';

/**
 * An endpoint's knee and USL fit from its levels. Levels where the generator saturated
 * are left out (their throughput is the generator's ceiling, not the service's), and so
 * are levels that moved no successful request.
 */
export function analyseEndpoint(name: string, levels: SweepLevel[], model: 'closed' | 'open'): SweepEndpoint {
  const generatorBound = levels.filter((level) => level.generator.saturated).map((level) => level.level);
  const used = levels.filter((level) => !level.generator.saturated && level.goodputRps > 0);
  const found = findKnee(
    used.map((level) => level.level),
    used.map((level) => level.goodputRps),
  );
  const kneeLevel = found && used[found.index]!;
  const usl =
    model === 'closed' ? fitUsl(used.map((level) => ({ n: level.level, x: level.goodputRps }))) : undefined;
  return {
    name,
    levels,
    knee: kneeLevel ? { ...found, level: kneeLevel.level, goodputRps: kneeLevel.goodputRps } : null,
    usl: usl ?? null,
    generatorBound,
  };
}
