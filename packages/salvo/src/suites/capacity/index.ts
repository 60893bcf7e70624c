/**
 * `salvo capacity`: the highest arrival rate at which an SLO holds.
 *
 * @example
 * const doc = await runCapacity({ target, slo: sloThresholds(['p(99)<500']), startRps: 10, factor: 2, ... });
 * process.stdout.write(capacitySummary(doc));
 */
export { type CapacitySettings, runCapacity } from './capacity.ts';
export { capacityStepLine, capacitySummary } from './capacity-text.ts';
export { CAPACITY_SCHEMA, CAPACITY_VERSION, type CapacityDocument, type CapacityStep } from './document.ts';
export { DEFAULT_SLO, sloThresholds } from './slo.ts';
