/**
 * Salvo as a user gets it: `npm pack` of packages/salvo, installed into a fresh project in a
 * temporary folder outside the repository, where a TypeScript test that imports 'salvo' is
 * type-checked by that project's own `tsc` and run by its `npx salvo` against a loopback
 * server. The install needs the npm registry, or npm's cache for typescript, undici and
 * @types/node (`--prefer-offline`).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ResultsDocument } from '../packages/salvo/src/results/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGE_DIR = join(ROOT, 'packages/salvo');
const SALVO_VERSION: string = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')).version;
const TYPESCRIPT_VERSION: string = JSON.parse(
  readFileSync(join(ROOT, 'node_modules/typescript/package.json'), 'utf8'),
).version;
/** Far above what each step takes (an install from npm's cache: a few seconds). */
const STEP_LIMIT_MS = 120_000;

/**
 * The children's environment: the repository's pinned Node first on the PATH (the system's
 * may be older), and none of the npm_* variables an enclosing `npm test` sets (its prefix
 * would send the install into the repository).
 */
const CHILD_ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_|^INIT_CWD$/i.test(key))),
  PATH: `${join(ROOT, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}`,
};

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end (asynchronously: the server under test lives in this process). */
function run(command: string, args: readonly string[], cwd: string): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), STEP_LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Fails with the command's output when it did not exit 0. */
async function succeed(command: string, args: readonly string[], cwd: string): Promise<Ran> {
  const ran = await run(command, args, cwd);
  assert.equal(ran.code, 0, `${command} ${args.join(' ')} exited ${ran.code}\n${ran.stdout}\n${ran.stderr}`);
  return ran;
}

/** The results' http_reqs count. */
const requestCount = (doc: ResultsDocument): number | undefined =>
  (doc.metrics.http_reqs?.values as Record<string, number> | undefined)?.count;

/** A `node` on the PATH (not the repository's) older than Salvo needs, as the system's may be. */
async function olderNodeOnPath(): Promise<string | undefined> {
  const ownBin = join(ROOT, 'node_modules/.bin');
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'node');
    if (dir === '' || dir.startsWith(ROOT) || dir === ownBin || !existsSync(candidate)) continue;
    const ran = await run(candidate, ['-p', 'process.versions.node'], ROOT);
    const [major = 0, minor = 0] = ran.stdout.trim().split('.').map(Number);
    if (ran.code === 0 && (major < 22 || (major === 22 && minor < 19))) return candidate;
  }
  return undefined;
}

interface PackedFile {
  readonly path: string;
}
interface Packed {
  readonly filename: string;
  readonly size: number;
  readonly files: readonly PackedFile[];
}

describe('the npm package, installed into a project outside the repository', () => {
  const hits = new Map<string, number>();
  let server: Server;
  let target: string;
  let packDir: string;
  let projectDir: string;
  let packed: Packed;

  before(
    async () => {
      server = createServer((req, res) => {
        hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
        res.end('ok');
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      packDir = mkdtempSync(join(tmpdir(), 'salvo-pack-'));
      projectDir = mkdtempSync(join(tmpdir(), 'salvo-user-'));
      assert.ok(!projectDir.startsWith(ROOT), `${projectDir} is inside the repository`);
      const pack = await succeed('npm', ['pack', '--json', '--pack-destination', packDir], PACKAGE_DIR);
      [packed] = JSON.parse(pack.stdout) as [Packed];

      await succeed('npm', ['init', '-y'], projectDir);
      await succeed('npm', ['pkg', 'set', 'type=module'], projectDir);
      await succeed(
        'npm',
        [
          'install',
          join(packDir, packed.filename),
          `typescript@${TYPESCRIPT_VERSION}`,
          '--no-audit',
          '--no-fund',
          '--prefer-offline',
        ],
        projectDir,
      );
      // A project's tsconfig for Node 22+ ESM with type stripping (what Node's docs advise).
      writeFileSync(
        join(projectDir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'es2022',
            module: 'nodenext',
            strict: true,
            noEmit: true,
            verbatimModuleSyntax: true,
            erasableSyntaxOnly: true,
          },
          files: ['t.ts'],
        }),
      );
      writeFileSync(
        join(projectDir, 't.ts'),
        `import { defineTest } from 'salvo';

export default defineTest({
  vus: 2,
  iterations: 20,
  http: { baseUrl: '${target}' },
  thresholds: { http_req_failed: ['rate<0.01'], checks: ['rate==1'] },
  exec: async (vu) => {
    const res = await vu.http.get('/ts');
    vu.check(res, { 'status is 200': (r) => r.status === 200 });
  },
});
`,
      );
    },
    { timeout: 4 * STEP_LIMIT_MS },
  );

  after(() => {
    server?.close();
    for (const dir of [packDir, projectDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the tarball holds the built JavaScript, its types, the command and the docs: no sources, tests or helpers', () => {
    const paths = packed.files.map((file) => file.path);
    for (const needed of ['bin/salvo.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js']) {
      assert.ok(paths.includes(needed), `${needed} is missing`);
    }
    for (const needed of [
      'dist/run/worker-entry.js',
      'dist/web/page/script/1-state-and-format.js',
      'dist/web/page/page.css',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'package.json',
    ]) {
      assert.ok(paths.includes(needed), `${needed} is missing`);
    }
    const unwanted = paths.filter(
      (path) =>
        !/^(dist\/.+\.(js|d\.ts)|dist\/web\/page\/page\.css|bin\/salvo\.js|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/.test(
          path,
        ) || /\.test\.|\/testing\/|test-servers|harness/.test(path),
    );
    assert.deepEqual(unwanted, []);
  });

  test("the project's tsc type-checks a test that imports salvo", async () => {
    await succeed('npx', ['tsc', '-p', 'tsconfig.json'], projectDir);
  });

  test("the project's tsc rejects a wrong type in a test", async () => {
    writeFileSync(
      join(projectDir, 'bad.ts'),
      `import { defineTest } from 'salvo';

export default defineTest({ vus: 'two', duration: '1s', exec: async () => {} });
`,
    );
    writeFileSync(
      join(projectDir, 'tsconfig.bad.json'),
      JSON.stringify({ extends: './tsconfig.json', files: ['bad.ts'] }),
    );
    const ran = await run('npx', ['tsc', '-p', 'tsconfig.bad.json'], projectDir);
    assert.notEqual(ran.code, 0);
    assert.match(
      ran.stdout,
      /bad\.ts\(3,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/,
    );
  });

  test('npx salvo runs the TypeScript test on two worker threads and counts every request', async () => {
    const ran = await run('npx', ['salvo', 'run', 't.ts', '-w', '2', '--out', 'json=r.json'], projectDir);
    assert.equal(ran.code, 0, ran.stderr);
    const doc = JSON.parse(readFileSync(join(projectDir, 'r.json'), 'utf8')) as ResultsDocument;
    assert.equal(doc.meta.outcome, 'passed');
    assert.equal(doc.meta.salvoVersion, SALVO_VERSION);
    assert.deepEqual(
      doc.meta.runners.map((runner) => runner.kind),
      ['thread', 'thread'],
    );
    assert.equal(requestCount(doc), 20);
    assert.equal(hits.get('/ts'), 20, 'the server saw each request the results count');
    assert.deepEqual(
      doc.checks.map(({ name, passes, fails }) => ({ name, passes, fails })),
      [{ name: 'status is 200', passes: 20, fails: 0 }],
    );
    assert.equal(doc.metrics.http_req_failed?.thresholds?.['rate<0.01']?.ok, true);
    assert.equal(doc.metrics.checks?.thresholds?.['rate==1']?.ok, true);
  });

  test('a test in plain JavaScript (.mjs) runs too, and its errors point into it', async () => {
    writeFileSync(
      join(projectDir, 't.mjs'),
      `import { defineTest } from 'salvo';

export default defineTest({
  vus: 1,
  iterations: 3,
  http: { baseUrl: '${target}' },
  exec: async (vu) => {
    await vu.http.get('/mjs');
    await vu.http.get('ftp://127.0.0.1/');
  },
});
`,
    );
    const ran = await run('npx', ['salvo', 'run', 't.mjs', '-w', '1', '--out', 'json=r2.json'], projectDir);
    assert.equal(ran.code, 0, ran.stderr);
    const doc = JSON.parse(readFileSync(join(projectDir, 'r2.json'), 'utf8')) as ResultsDocument;
    assert.equal(requestCount(doc), 3);
    assert.equal(hits.get('/mjs'), 3);
    assert.deepEqual(
      doc.errors.map(({ kind, count, location }) => ({ kind, count, location })),
      [{ kind: 'script', count: 3, location: 't.mjs:9:19' }],
    );
  });

  test('on a Node older than 22.19 the command says in one line what to do', async (t) => {
    const older = await olderNodeOnPath();
    if (!older) return t.skip('no Node older than 22.19 on the PATH');
    const ran = await run(
      older,
      [join(projectDir, 'node_modules/salvo/bin/salvo.js'), 'run', 't.ts'],
      projectDir,
    );
    assert.equal(ran.code, 1);
    assert.match(
      ran.stderr,
      /^salvo: needs Node\.js 22\.19 or newer, found v[\d.]+: .*npm i -D node@24.* \[SALVO_ERR_NODE\]\n$/,
    );
  });

  test('the HTML report works from the installed package: --out html= and salvo report, the same bytes', async () => {
    const ran = await run(
      'npx',
      ['salvo', 'run', 't.ts', '-w', '1', '--out', 'json=r3.json', '--out', 'html=r3.html'],
      projectDir,
    );
    assert.equal(ran.code, 0, ran.stderr);
    const html = readFileSync(join(projectDir, 'r3.html'), 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /uPlot/, "uPlot is inlined from the installed package's dependency");
    assert.match(html, /id="salvo-doc"/);
    await succeed('npx', ['salvo', 'report', 'r3.json', '-o', 'again.html'], projectDir);
    assert.equal(readFileSync(join(projectDir, 'again.html'), 'utf8'), html);
  });

  test('npx salvo version prints the version in package.json', async () => {
    const ran = await succeed('npx', ['salvo', 'version'], projectDir);
    assert.equal(ran.stdout, `salvo ${SALVO_VERSION}\n`);
  });
});
