import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface EchoServer {
  /** ws://127.0.0.1:PORT */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A loopback WebSocket server (Node has none built in; `ws` is the one the client uses):
 * `/echo` echoes every message as it came (text or binary) and answers pings (ws does);
 * the message `bye` makes it close with 4001 "bye"; `/ping` pings the client and closes
 * with 4002 "pong <its data>" at the pong; `/silent` never sends; `/refuse` answers the
 * handshake with 401.
 */
export async function startEchoServer(): Promise<EchoServer> {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    if (req.url === '/refuse') {
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (req.url === '/silent') return;
      if (req.url === '/ping') {
        ws.on('pong', (data) => ws.close(4002, `pong ${data.toString()}`));
        ws.ping('from server');
        return;
      }
      ws.on('message', (data, isBinary) => {
        if (!isBinary && data.toString() === 'bye') ws.close(4001, 'bye');
        else ws.send(data, { binary: isBinary });
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
