import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SalvoError } from '../errors.ts';
import type { TestBundle } from './messages.ts';

/** Salvo's own sources: a test imports them as 'salvo', and runners have them. */
const OWN_SOURCES = fileURLToPath(new URL('..', import.meta.url));
/** A test with more than this in files is not a test to ship through Redis. */
const MAX_BUNDLE_BYTES = 32 * 1024 * 1024;

const loaded = new Set<string>();
let recording = false;

/**
 * Records every file module this process loads from now on (the test file and the local
 * modules it imports), so they can be shipped to runners. Node keeps no public list of
 * loaded ES modules, hence the load hook; it only looks, never changes what loads.
 */
export function recordLoadedFiles(): void {
  if (recording) return;
  recording = true;
  registerHooks({
    load: (url, context, nextLoad) => {
      if (url.startsWith('file:')) loaded.add(fileURLToPath(url));
      return nextLoad(url, context);
    },
  });
}

/**
 * The test file, the local modules it loaded and its feed files, relative to their common
 * folder. Packages (node_modules) and Salvo itself are left to the runner's own install.
 */
export function makeBundle(testPath: string, feedPaths: readonly string[]): TestBundle {
  const test = resolve(testPath);
  const paths = new Set([test, ...feedPaths]);
  for (const path of loaded) {
    if (!path.includes(`${sep}node_modules${sep}`) && !path.startsWith(OWN_SOURCES)) paths.add(path);
  }
  const root = commonFolder([...paths]);
  const files: Record<string, string> = {};
  let bytes = 0;
  for (const path of paths) {
    const content = readFileSync(path);
    bytes += content.length;
    files[relative(root, path).split(sep).join('/')] = content.toString('base64');
  }
  if (bytes > MAX_BUNDLE_BYTES) {
    throw new SalvoError(
      'SALVO_ERR_CLUSTER',
      `the test's files add up to ${Math.round(bytes / 1024 / 1024)} MiB, more than the ${MAX_BUNDLE_BYTES / 1024 / 1024} MiB sent to runners`,
      'keep large data out of the test folder, or give runners the files themselves',
    );
  }
  return { testPath: relative(root, test).split(sep).join('/'), files };
}

/** Writes the bundle under `dir`; returns the test file's path there. */
export function writeBundle(bundle: TestBundle, dir: string): string {
  for (const [path, content] of Object.entries(bundle.files)) {
    const target = inside(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, Buffer.from(content, 'base64'));
  }
  return inside(dir, bundle.testPath);
}

/** `dir/path`, refusing a path that would leave `dir`. */
function inside(dir: string, path: string): string {
  const target = resolve(dir, path);
  if (isAbsolute(path) || relative(dir, target).startsWith('..')) {
    throw new SalvoError('SALVO_ERR_CLUSTER', `a test file path leaves the run's folder: ${path}`);
  }
  return target;
}

function commonFolder(paths: readonly string[]): string {
  let common = dirname(paths[0]!);
  for (const path of paths) {
    while (!`${path}`.startsWith(common === sep ? sep : `${common}${sep}`)) common = dirname(common);
  }
  return join(common);
}
