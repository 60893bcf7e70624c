import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAutocannon } from './autocannon.ts';
import { parseH2load } from './h2load.ts';
import { parseHey } from './hey.ts';
import { parseLoadtest } from './loadtest.ts';
import { parseLocust } from './locust.ts';
import { parseSalvo } from './salvo.ts';
import { REQUIREMENTS, type Requirement } from './setup.ts';
import type { ToolReport } from './types.ts';
import { parseWrk } from './wrk.ts';

export interface GeneratorContext {
  /** Full URL every generator requests. */
  url: string;
  origin: string;
  path: string;
  durationS: number;
  connections: number;
  /** A temp dir for result files and the locustfile. */
  workDir: string;
  repoRoot: string;
  /** Node 24 (node_modules/.bin/node) for the node-based tools. */
  nodeBin: string;
}

export interface GeneratorOutput {
  stdout: string;
  stderr: string;
  resultFile: string;
}

export interface GeneratorCommand {
  command: string;
  args: string[];
  /** Environment variables the command needs besides the bench's own. */
  env?: Record<string, string>;
}

export interface Generator {
  name: string;
  requirement?: Requirement;
  /** Why it cannot run here (a missing file), or null. */
  unavailable(ctx: GeneratorContext): string | null;
  command(ctx: GeneratorContext, resultFile: string): GeneratorCommand;
  parse(output: GeneratorOutput): ToolReport;
}

/** node_modules/.bin/<name> of the bench workspace, or of the root when npm hoisted it. */
export function nodeModulesBin(repoRoot: string, name: string): string | null {
  const candidates = [
    join(repoRoot, 'bench', 'node_modules', '.bin', name),
    join(repoRoot, 'node_modules', '.bin', name),
  ];
  return candidates.find((path) => existsSync(path)) ?? null;
}

function nodeTool(
  name: string,
  args: (ctx: GeneratorContext) => string[],
  parse: (text: string) => ToolReport,
): Generator {
  return {
    name,
    unavailable: (ctx) =>
      nodeModulesBin(ctx.repoRoot, name) === null ? `${name} not in node_modules (npm install)` : null,
    command: (ctx) => ({ command: ctx.nodeBin, args: [nodeModulesBin(ctx.repoRoot, name)!, ...args(ctx)] }),
    parse: ({ stdout }) => parse(stdout),
  };
}

const LOCUSTFILE = (path: string): string => `from locust import FastHttpUser, constant, task


class Bench(FastHttpUser):
    wait_time = constant(0)

    @task
    def request(self):
        self.client.get(${JSON.stringify(path)})
`;

export const SALVO_CLI = join('packages', 'salvo', 'bin', 'salvo.js');
const SALVO_BENCH_TEST = join('bench', 'salvo-bench-test.ts');

function salvoUnavailable(ctx: GeneratorContext): string | null {
  return existsSync(join(ctx.repoRoot, SALVO_CLI)) ? null : 'salvo CLI not found';
}

/**
 * `salvo run` against the bench URL with full per-request metrics and a results document,
 * started as users start it (`npx salvo`): the command itself, so its shebang's Node flags
 * apply. `node` on the PATH must be the pinned Node 24 (bench/run.ts puts it first).
 */
export function salvoCommand(ctx: GeneratorContext, resultFile: string, extra: string[]): GeneratorCommand {
  const base = ['run', '--url', ctx.url, '--duration', `${ctx.durationS}s`, '--workers', '1'];
  return {
    command: join(ctx.repoRoot, SALVO_CLI),
    args: [...base, '--out', `json=${resultFile}`, '--quiet', ...extra],
  };
}

function parseSalvoFile({ resultFile }: GeneratorOutput): ToolReport {
  return parseSalvo(readFileSync(resultFile, 'utf8'));
}

function salvo(name: string, extra: string[]): Generator {
  return {
    name,
    unavailable: salvoUnavailable,
    command: (ctx, resultFile) => salvoCommand(ctx, resultFile, ['--vus', String(ctx.connections), ...extra]),
    parse: parseSalvoFile,
  };
}

/**
 * `salvo run bench/salvo-bench-test.ts`: a test file through the whole engine (executor, VU
 * loop, checks, tags), told the URL, VUs and duration by the environment it reads.
 */
const salvoTest: Generator = {
  name: 'salvo-test',
  unavailable: salvoUnavailable,
  command: (ctx, resultFile) => ({
    command: join(ctx.repoRoot, SALVO_CLI),
    args: [
      'run',
      join(ctx.repoRoot, SALVO_BENCH_TEST),
      '--workers',
      '1',
      '--out',
      `json=${resultFile}`,
      '--quiet',
    ],
    env: {
      SALVO_BENCH_URL: ctx.url,
      SALVO_BENCH_VUS: String(ctx.connections),
      SALVO_BENCH_DURATION: `${ctx.durationS}s`,
    },
  }),
  parse: parseSalvoFile,
};

/** Every generator the bench knows, in the order it runs them. */
export const GENERATORS: readonly Generator[] = [
  {
    name: 'wrk',
    requirement: REQUIREMENTS.wrk,
    unavailable: () => null,
    command: (ctx) => ({
      command: 'wrk',
      args: ['-t1', `-c${ctx.connections}`, `-d${ctx.durationS}s`, '--latency', ctx.url],
    }),
    parse: ({ stdout }) => parseWrk(stdout),
  },
  {
    name: 'h2load',
    requirement: REQUIREMENTS.h2load,
    unavailable: () => null,
    command: (ctx) => ({
      command: 'h2load',
      args: ['--h1', '-t', '1', '-c', String(ctx.connections), '-D', String(ctx.durationS), ctx.url],
    }),
    parse: ({ stdout }) => parseH2load(stdout),
  },
  {
    name: 'hey',
    requirement: REQUIREMENTS.hey,
    unavailable: () => null,
    command: (ctx) => ({
      command: 'hey',
      args: ['-c', String(ctx.connections), '-z', `${ctx.durationS}s`, ctx.url],
    }),
    parse: ({ stdout }) => parseHey(stdout),
  },
  nodeTool(
    'autocannon',
    (ctx) => ['-c', String(ctx.connections), '-d', String(ctx.durationS), '-j', ctx.url],
    parseAutocannon,
  ),
  nodeTool(
    'loadtest',
    (ctx) => ['-k', '-c', String(ctx.connections), '-t', String(ctx.durationS), ctx.url],
    parseLoadtest,
  ),
  {
    name: 'locust',
    requirement: REQUIREMENTS.locust,
    unavailable: () => null,
    command: (ctx) => {
      const locustfile = join(ctx.workDir, 'locustfile.py');
      writeFileSync(locustfile, LOCUSTFILE(ctx.path));
      const users = String(ctx.connections);
      return {
        command: 'locust',
        args: [
          '-f',
          locustfile,
          '--headless',
          '-u',
          users,
          '-r',
          users,
          '-t',
          `${ctx.durationS}s`,
          '-H',
          ctx.origin,
          '--only-summary',
        ],
      };
    },
    // The summary goes to stdout, the log lines to stderr; read both.
    parse: ({ stdout, stderr }) => parseLocust(`${stdout}\n${stderr}`),
  },
  salvo('salvo', ['--transport', 'lean']),
  salvo('salvo-undici', ['--transport', 'undici']),
  salvoTest,
];
