import { isIP, type Socket, connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { SalvoError } from '../errors.ts';

const PREFLIGHT_TIMEOUT_MS = 3000;

/**
 * Before a run starts: can the target be reached at all, and does an https:// target speak
 * TLS? A refused connection, an unknown host or a plain-HTTP port behind https:// is one
 * line (SALVO_ERR_TARGET, exit 1), not a run full of failures. Certificates are not judged
 * here: the run reports them per request, as it does for every other TLS error.
 */
export async function checkReachable(target: string): Promise<void> {
  const url = new URL(target);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const socket = await new Promise<Socket>((resolve, reject) => {
    const socket = tcpConnect({ host, port, timeout: PREFLIGHT_TIMEOUT_MS });
    const fail = (reason: string) => {
      socket.destroy();
      reject(new SalvoError('SALVO_ERR_TARGET', `cannot reach ${url.origin}: ${reason}`));
    };
    socket.once('connect', () => {
      socket.removeAllListeners();
      resolve(socket);
    });
    socket.once('timeout', () => fail(`no answer within ${PREFLIGHT_TIMEOUT_MS} ms`));
    socket.once('error', (error: NodeJS.ErrnoException) => fail(reasonFor(error)));
  });
  if (url.protocol !== 'https:') {
    // reachable is all this asks: a reset while closing (a server going away) is no crash
    socket.on('error', () => {});
    socket.end();
    return;
  }
  await checkTls(socket, host, port);
}

/** A TLS handshake over the connected socket; anything but a finished handshake is one line. */
function checkTls(socket: Socket, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const tls = tlsConnect({
      socket,
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const timer = setTimeout(
      () => fail(`no TLS handshake within ${PREFLIGHT_TIMEOUT_MS} ms`),
      PREFLIGHT_TIMEOUT_MS,
    );
    const where = isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
    const fail = (reason: string) => {
      clearTimeout(timer);
      tls.destroy();
      reject(
        new SalvoError(
          'SALVO_ERR_TARGET',
          `${where} does not speak TLS: ${reason}`,
          `is it http://${where}?`,
        ),
      );
    };
    tls.once('secureConnect', () => {
      clearTimeout(timer);
      tls.end();
      resolve();
    });
    tls.once('error', (error: NodeJS.ErrnoException) => fail(tlsReasonFor(error)));
    tls.once('close', () => fail('the connection closed during the handshake'));
  });
}

function reasonFor(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the service running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    default:
      return error.message;
  }
}

function tlsReasonFor(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
      return 'its answer is not a TLS handshake';
    case 'ECONNRESET':
      return 'the connection was reset during the handshake';
    default:
      return error.message.split('\n')[0] ?? String(error.code);
  }
}
