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
 *
 * A test's other bare imports resolve from the test's folder first, as always; a package
 * not found there is looked for again from where this Salvo is installed (its node_modules
 * and those of the folders above it). That is how a cluster runner, which unpacks a shipped
 * test in a temporary folder with no node_modules, finds the test's packages in its own
 * installation (docs/cluster.md); it only ever turns a failed import into a found one.
 */
export function resolveSalvoToItself(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve: (specifier, context, nextResolve) => {
      if (specifier === 'salvo') return { url: OWN_ENTRY, shortCircuit: true };
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        if (!fromTestFolder(specifier, context.parentURL, error)) throw error;
        try {
          return nextResolve(specifier, { ...context, parentURL: OWN_ENTRY });
        } catch {
          throw error; // not installed beside Salvo either: the first answer says where it looked
        }
      }
    },
  });
}

/** A package a test's own module imports and its folder does not have (not a package's own dependency). */
function fromTestFolder(specifier: string, parentURL: string | undefined, error: unknown): boolean {
  if ((error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') return false;
  if (!parentURL?.startsWith('file:') || parentURL.includes('/node_modules/')) return false;
  return (
    !specifier.startsWith('.') &&
    !specifier.startsWith('/') &&
    !specifier.startsWith('#') &&
    !URL.canParse(specifier)
  );
}
