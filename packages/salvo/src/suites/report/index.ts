/**
 * The suites' HTML reports and results files.
 *
 * @example
 * await writeSuiteOutputs(doc, [{ kind: 'json', path: 'sweep.json' }, { kind: 'html', path: 'sweep.html' }]);
 */
export { renderSuitePage, type SuiteDocument } from './suite-page.ts';
export {
  checkSuiteOutputs,
  parseSuiteOutputs,
  type SuiteOutput,
  writeSuiteOutputs,
} from './write-outputs.ts';
