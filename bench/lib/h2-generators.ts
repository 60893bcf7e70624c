import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Generator, type GeneratorContext, SALVO_CLI } from './generators.ts';
import { parseH2load } from './h2load.ts';
import { parseSalvo } from './salvo.ts';
import { REQUIREMENTS } from './setup.ts';

/** Where the HTTP/2 bench's nginx listens (bench/lib/h2-nginx.ts). */
export interface H2Targets {
  /** https://…/: HTTP/2 over TLS (ALPN). */
  tlsUrl: string;
  /** http://…/: h2c with prior knowledge. */
  h2cUrl: string;
}

function h2load(
  name: string,
  url: (t: H2Targets) => string,
  connections: (ctx: GeneratorContext) => number,
  streams: (ctx: GeneratorContext) => number,
  targets: H2Targets,
): Generator {
  return {
    name,
    requirement: REQUIREMENTS.h2load,
    unavailable: () => null,
    command: (ctx) => ({
      command: 'h2load',
      args: [
        '-t',
        '1',
        '-c',
        String(connections(ctx)),
        '-m',
        String(streams(ctx)),
        '-D',
        String(ctx.durationS),
        url(targets),
      ],
    }),
    parse: ({ stdout }) => parseH2load(stdout),
  };
}

/**
 * `salvo run bench/salvo-bench-test.ts` (the whole engine: executor, VU loop, a check) over
 * HTTP/2, told the URL and HTTP/2 settings by the environment it reads.
 */
function salvoTest(
  name: string,
  url: string,
  env: (ctx: GeneratorContext) => Record<string, string>,
): Generator {
  return {
    name,
    unavailable: () => null,
    command: (ctx, resultFile) => ({
      command: join(ctx.repoRoot, SALVO_CLI),
      args: [
        'run',
        join(ctx.repoRoot, 'bench', 'salvo-bench-test.ts'),
        '--workers',
        '1',
        '--out',
        `json=${resultFile}`,
        '--quiet',
      ],
      env: {
        SALVO_BENCH_URL: url,
        SALVO_BENCH_VUS: String(ctx.connections),
        SALVO_BENCH_DURATION: `${ctx.durationS}s`,
        ...env(ctx),
      },
    }),
    parse: ({ resultFile }) => parseSalvo(readFileSync(resultFile, 'utf8')),
  };
}

/** A Salvo row and the peer it is set against, as a ratio of requests per CPU-second. */
export interface H2Pair {
  salvo: Generator;
  peer: Generator;
  /** What the pair shows. */
  title: string;
}

/**
 * The HTTP/2 rows, in pairs run back to back: a session per VU against h2load's one
 * stream on each of as many connections, one shared session against h2load's streams on
 * one connection, the same over h2c, the node:http2 client instead of the lean one, and
 * undici's HTTP/2 (the transport Salvo used before).
 */
export function h2Pairs(targets: H2Targets): H2Pair[] {
  const perConnection = h2load(
    'h2load',
    (t) => t.tlsUrl,
    (ctx) => ctx.connections,
    () => 1,
    targets,
  );
  const oneConnection = h2load(
    'h2load-c1',
    (t) => t.tlsUrl,
    () => 1,
    (ctx) => ctx.connections,
    targets,
  );
  const h2c = h2load(
    'h2load-h2c',
    (t) => t.h2cUrl,
    (ctx) => ctx.connections,
    () => 1,
    targets,
  );
  return [
    {
      title: 'VUs = connections, 1 stream each (TLS)',
      peer: perConnection,
      salvo: salvoTest('salvo-h2', targets.tlsUrl, () => ({ SALVO_BENCH_HTTP2: 'true' })),
    },
    {
      title: 'one connection, VUs = streams (TLS)',
      peer: oneConnection,
      salvo: salvoTest('salvo-h2-shared', targets.tlsUrl, (ctx) => ({
        SALVO_BENCH_HTTP2: 'true',
        SALVO_BENCH_H2_SHARED: String(ctx.connections),
      })),
    },
    {
      title: 'h2c, VUs = connections',
      peer: h2c,
      salvo: salvoTest('salvo-h2c', targets.h2cUrl, () => ({ SALVO_BENCH_HTTP2: 'h2c' })),
    },
    {
      title: 'node:http2 client (http2Client node), VUs = connections (TLS)',
      peer: perConnection,
      salvo: salvoTest('salvo-h2-node', targets.tlsUrl, () => ({
        SALVO_BENCH_HTTP2: 'true',
        SALVO_BENCH_H2_CLIENT: 'node',
      })),
    },
    {
      title: "undici's HTTP/2 (before)",
      peer: perConnection,
      salvo: {
        name: 'salvo-undici-h2',
        unavailable: () => null,
        command: (ctx, resultFile) => ({
          command: join(ctx.repoRoot, SALVO_CLI),
          args: [
            'run',
            '--url',
            targets.tlsUrl,
            '--vus',
            String(ctx.connections),
            '--duration',
            `${ctx.durationS}s`,
          ].concat([
            '--workers',
            '1',
            '--http2',
            '-k',
            '--transport',
            'undici',
            '--out',
            `json=${resultFile}`,
            '--quiet',
          ]),
        }),
        parse: ({ resultFile }) => parseSalvo(readFileSync(resultFile, 'utf8')),
      },
    },
  ];
}

/** The `salvo-test` command over HTTP/2 with `vus` VUs (goal runs). */
export function salvoH2Test(targets: H2Targets, name: string): Generator {
  return salvoTest(name, targets.tlsUrl, () => ({ SALVO_BENCH_HTTP2: 'true' }));
}
