/**
 * WebSocket sessions for VUs (`vu.ws`), on the `ws` client, with k6's ws_* metrics.
 *
 * @example
 * await vu.ws.connect('ws://127.0.0.1:8080/echo', {
 *   open: (socket) => { socket.send('hi'); socket.ping(); },
 *   message: (data, socket) => socket.close(),
 * });
 */
export type { WsClient, WsHandlers, WsSessionResult, WsSocket } from './api.ts';
export { createWsClient } from './client.ts';
