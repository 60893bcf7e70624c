#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=20 --no-maglev --
// The `salvo` command. Its V8 flags keep a load generator's heap near its live size, measured
// with 1 000 VUs against nginx at the same throughput and CPU per request:
// - the young generation's semi-spaces are capped at 2 MB (the default grows to 32 MB on a
//   large machine): peak RSS 276 -> 180 MB at 8 MB, then 8 MB less at 4 and 3 MB less at 2
//   (with 2 KB allocated per request). Worker threads get the same cap (run/thread-runner.ts).
// - requests in flight outlive a young collection, so dead per-request objects reach the
//   old generation, which by default grows to several times its live size before a full
//   collection; growing it by 20 % a step instead: 171 -> 121 MB.
// - no Maglev (V8's mid-tier compiler; Sparkplug and Turbofan remain): its code and zones
//   cost about 5 MB of resident memory; a load test's hot path is Turbofan's either way.
// The closing `--` ends Node's own options: Node reads `--env-file` anywhere before a `--`,
// even after the script's name (nodejs/node#54232), so without it `salvo run --env-file x`
// would be Node's error and exit code 9 instead of Salvo's "unknown option" line.
import { existsSync } from 'node:fs';

// Test files are TypeScript that Node runs as it is (type stripping, on by default since
// 22.18), and each runner measures its thread's CPU (process.threadCpuUsage, 22.19): on an
// older Node say so plainly, with the fix. Pinning Node as a devDependency is how this
// repository itself runs on Node 24 whatever `node` the shell has.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `salvo: needs Node.js 22.19 or newer, found ${process.version}: upgrade Node, or pin one in this project with \`npm i -D node@24\` (npx salvo then uses it) [SALVO_ERR_NODE]\n`,
  );
  process.exit(1);
}
// Caches compiled code and stripped TypeScript across runs: after the first run, start-up
// skips the type-stripping compiler entirely (about 30 MB of resident memory and most of
// the start-up CPU), which matters for a load generator's own footprint.
// Worker threads read the directory from the environment.
const { enableCompileCache } = await import('node:module');
const cache = enableCompileCache?.();
if (cache?.directory) process.env.NODE_COMPILE_CACHE ??= cache.directory;
// Inside the repository the command runs Salvo's TypeScript sources as they are, so an edit
// needs no build before the next run. The installed package has no sources, only dist/ (the
// JavaScript `npm pack` builds): Node does not strip types in node_modules.
const sources = new URL('../src/cli/main.ts', import.meta.url);
const entry = existsSync(sources) ? sources : new URL('../dist/cli/main.js', import.meta.url);
const { main } = await import(entry.href);
const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
// The results are written. User code abandoned at a hard deadline (a pending timer, an
// open handle) must not keep the process alive: give output a moment to flush, then exit.
setTimeout(() => process.exit(exitCode), 1000).unref();
