import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The files the page inlines, read once per process: its own script and styles (beside
 * this module in src/ and, copied by the package build, in dist/) and uPlot's, found
 * where Node resolves the `uplot` dependency, so an installed package finds them too.
 * The script is in parts (script/*.js), joined in file-name order inside one function.
 */
export interface PageAssets {
  readonly pageJs: string;
  readonly pageCss: string;
  readonly uplotJs: string;
  readonly uplotCss: string;
}

let cached: PageAssets | undefined;

const own = (file: string): string => readFileSync(new URL(file, import.meta.url), 'utf8');

/** Reads (the first time) and returns the page's inlined files. */
export function pageAssets(): PageAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const uplot = (file: string): string => readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
  cached = {
    pageJs: pageScript(),
    pageCss: own('./page.css'),
    // The IIFE build defines the global uPlot; its source-map comment is dropped (no network).
    uplotJs: uplot('uPlot.iife.min.js').replace(/\n?\/\/# sourceMappingURL=.*$/m, ''),
    uplotCss: uplot('uPlot.min.css'),
  };
  return cached;
}

/** The page script: its parts in file-name order, inside one function that keeps their names private. */
function pageScript(): string {
  const dir = new URL('./script/', import.meta.url);
  const parts = readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => readFileSync(new URL(file, dir), 'utf8'));
  return `(() => {\n${parts.join('\n')}})();\n`;
}
