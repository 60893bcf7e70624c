import type { ServerResponse } from 'node:http';

/** Sends one JSON body (Ollama's error shape is {"error": "..."}). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/** Sends a plain-text body; HEAD gets the headers only. */
export function sendText(res: ServerResponse, status: number, text: string, headOnly = false): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(headOnly ? undefined : text);
}
