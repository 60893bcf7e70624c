/**
 * Browser script of /generate: posts the title to /generate-blog and appends each SSE chunk to
 * the draft as it arrives (fetch + stream reader, since EventSource cannot POST).
 */
export const GENERATE_SCRIPT = `'use strict';
const form = document.getElementById('generate-form');
const titleInput = document.getElementById('generate-title');
const draft = document.getElementById('draft');
const statusLine = document.getElementById('generate-status');
const publishTitle = document.getElementById('publish-title');

function handleFrame(frame) {
  const event = /^event: (.*)$/m.exec(frame);
  const data = /^data: (.*)$/m.exec(frame);
  if (!event || !data) return;
  const payload = JSON.parse(data[1]);
  if (event[1] === 'chunk') draft.value += payload.text;
  else if (event[1] === 'done') statusLine.textContent = payload.cached ? 'Done (from the cache).' : 'Done.';
  else if (event[1] === 'error') statusLine.textContent = payload.error;
}

form.addEventListener('submit', async (submit) => {
  submit.preventDefault();
  draft.value = '';
  publishTitle.value = titleInput.value;
  statusLine.textContent = 'Generating…';
  const response = await fetch('/generate-blog', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ title: titleInput.value }),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    statusLine.textContent = body.error || 'Drafting failed with status ' + response.status;
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\\n\\n')) >= 0) {
      handleFrame(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
});
`;
