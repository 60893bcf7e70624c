#!/usr/bin/env node
// The `salvo` command. Node runs Salvo's TypeScript sources directly (type stripping),
// which needs Node 22.18 or newer: say so plainly on an older one.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`salvo: needs Node 22.18 or newer, found ${process.version} (try: npx salvo ...)\n`);
  process.exit(1);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
