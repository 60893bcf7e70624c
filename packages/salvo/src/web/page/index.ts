/**
 * The page of the live dashboard and of the HTML report (one UI, two modes; web/contract.ts).
 *
 * @example
 * import { renderPage } from '../web/page/index.ts';
 * const html = renderPage({ mode: 'report', doc });
 */
export { pageAssets } from './assets.ts';
export { escapeHtml, renderPage, scriptJson } from './render-page.ts';
