/**
 * How a suite runs its steps on the engine and reads what each measured.
 *
 * @example
 * const suite = new SuiteRun(1);
 * const doc = await suite.step({ source: { kind: 'quick', options }, label: url });
 * const { goodputRps, p99Ms } = stepFigures(doc);
 */
export { type GeneratorFigures, requestNames, type StepFigures, stepFigures } from './figures.ts';
export { type StepSettings, SuiteRun } from './suite-run.ts';
