import { Problems } from '../errors.ts';
import { parseDuration } from '../plan/duration.ts';
import { faultError } from './fault-error.ts';
import {
  CONNECTION_KINDS,
  type Distribution,
  FAULT_KINDS,
  type Fault,
  type FaultInput,
  type FaultKind,
} from './fault-types.ts';
import { compileRoute } from './route-match.ts';

const KEYS = [
  'kind',
  'name',
  'share',
  'route',
  'from',
  'to',
  'delay',
  'jitter',
  'distribution',
  'down',
  'up',
  'at',
  'closeAfter',
  'status',
  'body',
  'keep',
] as const;
/** The settings each kind reads beside the common ones (name, share, route, from, to). */
const OWN_KEYS: Record<FaultKind, readonly string[]> = {
  latency: ['delay', 'jitter', 'distribution'],
  'slow-first-byte': ['delay', 'jitter', 'distribution'],
  bandwidth: ['down', 'up'],
  reset: ['at'],
  timeout: ['closeAfter'],
  'http-error': ['status', 'body'],
  truncate: ['keep'],
  blackhole: [],
};
const COMMON_KEYS = ['kind', 'name', 'share', 'route', 'from', 'to'];
const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/**
 * A list of faults as users write them, checked and normalized; every problem at once,
 * each named by its path (`faults[1].share`).
 *
 * @example
 * normalizeFaults([{ kind: 'latency', delay: '200ms', jitter: '50ms', share: '30%' }], 'faults');
 */
export function normalizeFaults(value: unknown, path: string): Fault[] {
  if (!Array.isArray(value))
    throw faultError(path, 'must be a list of faults, e.g. [{ kind: "latency", delay: "100ms" }]');
  const problems = new Problems();
  const faults = value.map((entry: unknown, index) =>
    problems.check(() => normalizeFault(entry, `${path}[${index}]`, index)),
  );
  problems.throwIfAny();
  return faults;
}

function normalizeFault(entry: unknown, path: string, index: number): Fault {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    throw faultError(path, 'must be an object with a kind');
  const raw = entry as Record<string, unknown>;
  if (typeof raw.kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(raw.kind))
    throw faultError(
      `${path}.kind`,
      `must be one of ${FAULT_KINDS.join(', ')}, got ${JSON.stringify(raw.kind)}`,
    );
  const kind = raw.kind as FaultKind;
  const problems = new Problems();
  const allowed = [...COMMON_KEYS, ...OWN_KEYS[kind]];
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key))
      problems.add(
        faultError(
          `${path}.${key}`,
          (KEYS as readonly string[]).includes(key)
            ? `has no meaning for a ${kind} fault`
            : 'is not a known setting',
        ),
      );
  }
  if (raw.route !== undefined && CONNECTION_KINDS.has(kind))
    problems.add(faultError(`${path}.route`, `a ${kind} fault acts on whole connections, not on routes`));
  const delayMs = problems.check(() => duration(raw.delay, `${path}.delay`, 0));
  const jitterMs = problems.check(() => duration(raw.jitter, `${path}.jitter`, 0));
  const fault: Fault = {
    kind,
    name: problems.check(() => faultName(raw.name, `${path}.name`, `${kind}#${index}`)),
    share: problems.check(() => share(raw.share, `${path}.share`)),
    route: problems.check(() =>
      raw.route === undefined ? undefined : compileRoute(raw.route, `${path}.route`),
    ),
    fromMs: problems.check(() => duration(raw.from, `${path}.from`, 0)),
    toMs: problems.check(() => duration(raw.to, `${path}.to`, Number.POSITIVE_INFINITY)),
    delayMs,
    jitterMs,
    distribution: problems.check(() => distribution(raw.distribution, `${path}.distribution`, jitterMs)),
    downBytesPerMs: problems.check(() => bytesPerMs(raw.down, `${path}.down`)),
    upBytesPerMs: problems.check(() => bytesPerMs(raw.up, `${path}.up`)),
    at: problems.check(() => oneOf(raw.at, `${path}.at`, ['request', 'response'] as const, 'request')),
    closeAfterMs: problems.check(() => duration(raw.closeAfter, `${path}.closeAfter`, 0)),
    status: problems.check(() => status(raw.status, `${path}.status`)),
    body: problems.check(() => text(raw.body, `${path}.body`, `fault injected by salvo proxy (${kind})\n`)),
    keep: problems.check(() => keep(raw.keep, `${path}.keep`)),
    input: { ...(raw as unknown as FaultInput) },
  };
  if ((kind === 'latency' || kind === 'slow-first-byte') && raw.delay === undefined)
    problems.add(faultError(`${path}.delay`, `is required for a ${kind} fault, e.g. '200ms'`));
  if (kind === 'bandwidth' && raw.down === undefined && raw.up === undefined)
    problems.add(faultError(path, "a bandwidth fault needs down or up, e.g. down: '64KB'"));
  if (fault.toMs <= fault.fromMs) problems.add(faultError(`${path}.to`, 'must be later than from'));
  problems.throwIfAny();
  return fault;
}

function duration(value: unknown, path: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' && typeof value !== 'number')
    throw faultError(path, `must be a duration like '200ms', got ${JSON.stringify(value)}`);
  try {
    return parseDuration(value, path);
  } catch (error) {
    throw faultError(path, (error as Error).message.replace(`${path}: `, ''));
  }
}

/** 0.3, '30%' or '0.3'; 1 when not given. */
function share(value: unknown, path: string): number {
  if (value === undefined) return 1;
  const fraction =
    typeof value === 'string' && value.trim().endsWith('%')
      ? Number(value.trim().slice(0, -1)) / 100
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : value;
  if (typeof fraction !== 'number' || !Number.isFinite(fraction) || fraction < 0 || fraction > 1)
    throw faultError(
      path,
      `must be a fraction from 0 to 1 or a percentage ('30%'), got ${JSON.stringify(value)}`,
    );
  return fraction;
}

function distribution(value: unknown, path: string, jitterMs: number): Distribution {
  return oneOf(value, path, ['fixed', 'uniform', 'normal'] as const, jitterMs > 0 ? 'uniform' : 'fixed');
}

/** '64KB', '1.5MB', 65536 (bytes a second) as bytes per ms; 0 when not given. */
function bytesPerMs(value: unknown, path: string): number {
  if (value === undefined) return 0;
  const match =
    typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b)?(?:\/s)?\s*$/i.exec(value) : null;
  const bytes =
    typeof value === 'number'
      ? value
      : match
        ? Number(match[1]) * (BYTE_UNITS[(match[2] ?? '').toLowerCase()] ?? 1)
        : NaN;
  if (!Number.isFinite(bytes) || bytes < 1)
    throw faultError(
      path,
      `must be bytes a second, at least 1 ('64KB', '1MB', 65536), got ${JSON.stringify(value)}`,
    );
  return bytes / 1000;
}

function status(value: unknown, path: string): number {
  if (value === undefined) return 503;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 200 || value > 599)
    throw faultError(path, `must be a status from 200 to 599, got ${JSON.stringify(value)}`);
  return value;
}

function keep(value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw faultError(path, `must be a whole number of bytes >= 0, got ${JSON.stringify(value)}`);
  return value;
}

function text(value: unknown, path: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw faultError(path, 'must be a string');
  return value;
}

function faultName(value: unknown, path: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') throw faultError(path, 'must be a non-empty string');
  return value;
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw faultError(path, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
}
