import { createHash } from 'node:crypto';
import type { PageOptions } from '../contract.ts';
import { pageAssets } from './assets.ts';
import { distributions } from './distribution.ts';

/**
 * The one page, in either mode (web/contract.ts): a whole HTML file with its scripts,
 * styles and, for the report, its data inline. It depends only on its options, never on
 * the clock or the machine, so the report written at the end of a run and the one
 * `salvo report` rebuilds from the saved results.json are the same bytes.
 */

/**
 * JSON that can sit inside <script type="application/json">: `<` written as \u003c, so no
 * `</script>` or `<!--` in user data (request names, error samples) can end the element.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** What the page script reads from #salvo-config. */
function pageConfig(options: PageOptions): Record<string, unknown> {
  if (options.mode === 'report') return { mode: 'report' };
  const { eventsPath, stopPath, stopToken } = options;
  return { mode: 'live', eventsPath, stopPath, stopToken };
}

/**
 * Renders the page.
 *
 * @example
 * writeFileSync('report.html', renderPage({ mode: 'report', doc }));
 */
export function renderPage(options: PageOptions): string {
  const assets = pageAssets();
  const report = options.mode === 'report';
  const title = report ? `Salvo report: ${options.doc.meta.test}` : 'Salvo: live';
  const data = report
    ? `<script type="application/json" id="salvo-doc">${scriptJson(options.doc)}</script>
<script type="application/json" id="salvo-distributions">${scriptJson(distributions(options.doc))}</script>`
    : '';
  // Only these two scripts may run (no inline handler, no other script even if some text
  // escaped its escaping); the live page may talk to its own server, the report to none.
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(assets.uplotJs)} ${sha256(assets.pageJs)}`,
    "style-src 'unsafe-inline'",
    `connect-src ${report ? "'none'" : "'self'"}`,
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
<title>${escapeHtml(title)}</title>
<style>${assets.uplotCss}</style>
<style>${assets.pageCss}</style>
</head>
<body>
<header class="top">
<div class="title"><strong>Salvo</strong> <span id="test-name"></span></div>
<div id="state" class="state"></div>
<button id="stop" type="button" class="stop" hidden>Stop test</button>
</header>
<nav id="tabs" class="tabs" role="tablist"></nav>
<main id="panels"></main>
<noscript>This report needs JavaScript to draw its tables and charts.</noscript>
<script type="application/json" id="salvo-config">${scriptJson(pageConfig(options))}</script>
${data}
<script>${assets.uplotJs}</script>
<script>${assets.pageJs}</script>
</body>
</html>
`;
}
