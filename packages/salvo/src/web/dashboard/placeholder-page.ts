import type { PageOptions } from '../contract.ts';

/**
 * TO BE REPLACED AT MERGE by web/page's `renderPage` (same signature): a bare page so the
 * dashboard can be looked at before the real one lands. It shows the run's state, requests
 * and req/s from the event stream, and has the guarded stop button.
 */
export function renderPage(options: PageOptions): string {
  if (options.mode !== 'live') throw new Error('the placeholder page has no report mode');
  const config = JSON.stringify(options).replaceAll('<', '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Salvo live</title></head>
<body style="font-family: system-ui, sans-serif">
<h1>Salvo live</h1>
<p id="state">connecting</p>
<button id="stop" type="button">Stop the test</button>
<script>
const page = ${config};
const state = document.getElementById('state');
let requests = 0;
let seconds = 0;
const show = (doc) => {
  state.textContent = doc.meta.test + ': ' + (doc.meta.outcome ?? doc.meta.state) + ', ' +
    requests + ' requests in ' + seconds + ' s';
};
const add = (series) => {
  requests += series.total.requests.reduce((a, b) => a + b, 0);
  seconds += series.t.length;
};
const events = new EventSource(page.eventsPath);
events.addEventListener('snapshot', (e) => { const m = JSON.parse(e.data); requests = 0; seconds = 0; add(m.doc.series); show(m.doc); });
events.addEventListener('tick', (e) => { const m = JSON.parse(e.data); add(m.series); show(m); });
events.addEventListener('end', (e) => { const m = JSON.parse(e.data); requests = 0; seconds = 0; add(m.doc.series); show(m.doc); events.close(); });
document.getElementById('stop').addEventListener('click', async () => {
  if (!confirm('Stop the test? Running iterations finish first.')) return;
  const res = await fetch(page.stopPath, { method: 'POST', headers: { 'x-salvo-stop': page.stopToken } });
  state.textContent = res.ok ? 'stopping' : 'stop refused: ' + (await res.text());
});
</script>
</body></html>
`;
}
