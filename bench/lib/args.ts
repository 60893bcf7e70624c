import { parseArgs } from 'node:util';

export interface BenchOptions {
  durationS: number;
  connections: number;
  /** Names to run (generators, and `goals` for the engine goals); null = all. */
  only: string[] | null;
  skip: string[];
  quick: boolean;
  /** How many times every selected generator runs, in round-robin order. */
  rounds: number;
}

export const USAGE = `usage: npm run bench -- [--duration 10s] [--connections 50] [--rounds 1] [--only a,b] [--skip a,b] [--quick]
  names: wrk, h2load, hey, autocannon, loadtest, locust, salvo, salvo-undici, salvo-test, goals`;

const QUICK_DURATION_S = 3;

/** `10`, `10s`, `2m` to whole seconds (every tool here takes whole seconds). */
export function parseDurationS(text: string): number {
  const match = /^(\d+)(s|m)?$/.exec(text.trim());
  if (match?.[1] === undefined)
    throw new Error(`--duration: expected whole seconds like 10s or 2m, got "${text}"`);
  const seconds = Number(match[1]) * (match[2] === 'm' ? 60 : 1);
  if (seconds < 1) throw new Error('--duration must be at least 1s');
  return seconds;
}

function wholeNumber(text: string | undefined, fallback: number, flag: string): number {
  const number = Number(text ?? fallback);
  if (!Number.isInteger(number) || number < 1) {
    throw new Error(`${flag}: expected a whole number of at least 1, got "${text}"`);
  }
  return number;
}

function nameList(text: string | undefined, known: readonly string[], flag: string): string[] {
  if (text === undefined) return [];
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new Error(`${flag}: unknown name ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return names;
}

/** Parses the bench's flags; `known` lists the names --only and --skip accept. */
export function parseBenchArgs(argv: string[], known: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      only: { type: 'string' },
      skip: { type: 'string' },
      rounds: { type: 'string' },
      quick: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const quick = values.quick === true;
  const only = values.only === undefined ? null : nameList(values.only, known, '--only');
  return {
    durationS:
      values.duration !== undefined ? parseDurationS(values.duration) : quick ? QUICK_DURATION_S : 10,
    connections: wholeNumber(values.connections, 50, '--connections'),
    only,
    skip: nameList(values.skip, known, '--skip'),
    quick,
    rounds: wholeNumber(values.rounds, 1, '--rounds'),
  };
}

/** Whether `name` is selected by --only and --skip. */
export function isSelected(options: BenchOptions, name: string): boolean {
  return (options.only === null || options.only.includes(name)) && !options.skip.includes(name);
}
