import { SalvoError } from '../errors.ts';

/** A bad fault definition, named by its path (`faults[1].share`). */
export function faultError(path: string, problem: string): SalvoError {
  return new SalvoError('SALVO_ERR_FAULT', `${path}: ${problem}`, 'see docs/proxy.md');
}
