import type * as Http from 'node:http';

/**
 * node:http for the engine's own servers and clients (scraping, the fault proxy), taken with
 * process.getBuiltinModule rather than an ES import: importing node:http builds its module
 * namespace, which reads every export, http.WebSocket among them, and that loads Node's
 * internal undici and node:http2 into every run, about 6 MB of resident memory for nothing
 * (docs/http.md, "What a session costs"). node-http.test.ts keeps them out.
 */
export const nodeHttp = process.getBuiltinModule('node:http') as typeof Http;
