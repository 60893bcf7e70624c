import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { escapeHtml, pageAssets, scriptJson } from '../../web/page/index.ts';
import type { CacheDocument } from '../cache/index.ts';
import type { CapacityDocument } from '../capacity/index.ts';
import type { SweepDocument } from '../sweep/index.ts';

export type SuiteDocument = SweepDocument | CacheDocument | CapacityDocument;

const TITLES: Record<SuiteDocument['schema'], string> = {
  'salvo/sweep': 'concurrency sweep',
  'salvo/cache': 'cache test',
  'salvo/capacity': 'capacity under an SLO',
};

let script: string | undefined;
/** The suite page's own script: its parts (script/*.js) in file-name order, inside one function. */
function suiteScript(): string {
  if (script) return script;
  const dir = new URL('./script/', import.meta.url);
  const parts = readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => readFileSync(new URL(file, dir), 'utf8'));
  script = `(() => {\n${parts.join('\n')}})();\n`;
  return script;
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * A suite's HTML report: one self-contained file (data, uPlot and scripts inline, no
 * network), styled as the run report (web/page) and drawn by its own small script:
 * the sweep's throughput and latency against the level with the knee and the USL curve,
 * the cache's cold and warm latency per key, the capacity search's steps.
 *
 * @example
 * await writeFileAtomic('sweep.html', renderSuitePage(doc));
 */
export function renderSuitePage(doc: SuiteDocument): string {
  const assets = pageAssets();
  const js = suiteScript();
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(assets.uplotJs)} ${sha256(js)}`,
    "style-src 'unsafe-inline'",
    "connect-src 'none'",
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(`Salvo ${TITLES[doc.schema]}: ${doc.meta.test}`)}</title>
<style>${assets.uplotCss}</style>
<style>${assets.pageCss}</style>
</head>
<body>
<header class="top">
<div class="title"><strong>Salvo</strong> ${escapeHtml(TITLES[doc.schema])} <span>${escapeHtml(doc.meta.test)}</span></div>
<div class="state">${escapeHtml(doc.meta.outcome)}</div>
</header>
<main id="suite"></main>
<noscript>This report needs JavaScript to draw its tables and charts.</noscript>
<script type="application/json" id="salvo-suite">${scriptJson(doc)}</script>
<script>${assets.uplotJs}</script>
<script>${js}</script>
</body>
</html>
`;
}
