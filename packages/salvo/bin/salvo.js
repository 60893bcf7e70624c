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
// Node runs Salvo's TypeScript sources directly (type stripping), which needs Node 22.18 or
// newer: say so plainly on an older one.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`salvo: needs Node 22.18 or newer, found ${process.version} (try: npx salvo ...)\n`);
  process.exit(1);
}
// Caches compiled code and stripped TypeScript across runs: after the first run, start-up
// skips the type-stripping compiler entirely (about 30 MB of resident memory and most of
// the start-up CPU), which matters for a load generator's own footprint.
// Worker threads read the directory from the environment.
const { enableCompileCache } = await import('node:module');
const cache = enableCompileCache?.();
if (cache?.directory) process.env.NODE_COMPILE_CACHE ??= cache.directory;
const { main } = await import('../src/cli/main.ts');
const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
// The results are written. User code abandoned at a hard deadline (a pending timer, an
// open handle) must not keep the process alive: give output a moment to flush, then exit.
setTimeout(() => process.exit(exitCode), 1000).unref();
