import { registerHooks } from 'node:module';
import { extname } from 'node:path';

/** Salvo's public entry, with this module's own extension (.ts in src/, .js in dist/). */
const OWN_ENTRY = new URL(`../index${extname(import.meta.url)}`, import.meta.url).href;
let registered = false;

/**
 * Makes a test file's `import ... from 'salvo'` load the Salvo that runs it, in this thread
 * (hooks are per thread; every thread that loads a test calls this). Otherwise the file
 * gets whatever its own folder resolves: another installed version, the built copy beside
 * the repository's sources, or nothing for a file outside any project; and two copies of
 * Salvo in one run would not share their state.
 */
export function resolveSalvoToItself(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve: (specifier, context, nextResolve) =>
      specifier === 'salvo' ? { url: OWN_ENTRY, shortCircuit: true } : nextResolve(specifier, context),
  });
}
