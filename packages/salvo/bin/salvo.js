#!/usr/bin/env -S node --max-semi-space-size=8
// The `salvo` command. The V8 flag caps the young generation's semi-spaces at 8 MB (the
// default grows to 32 MB on a large machine): measured with 1 000 VUs against nginx, peak
// RSS 276 -> 180 MB at the same throughput and CPU. Worker threads get the same cap
// (run/thread-runner.ts). Node runs Salvo's TypeScript sources directly (type stripping),
// which needs Node 22.18 or newer: say so plainly on an older one.
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
