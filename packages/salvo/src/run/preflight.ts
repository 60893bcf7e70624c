import { connect } from 'node:net';
import { SalvoError } from '../errors.ts';

const PREFLIGHT_TIMEOUT_MS = 3000;

/**
 * Before a run starts: can the target be reached at all? A refused connection or an
 * unknown host is a usage error (exit 1) with one line, not a run full of failures.
 */
export async function checkReachable(target: string): Promise<void> {
  const url = new URL(target);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port, timeout: PREFLIGHT_TIMEOUT_MS });
    const fail = (reason: string) => {
      socket.destroy();
      reject(new SalvoError('SALVO_ERR_TARGET', `cannot reach ${url.origin}: ${reason}`));
    };
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('timeout', () => fail(`no answer within ${PREFLIGHT_TIMEOUT_MS} ms`));
    socket.once('error', (error: NodeJS.ErrnoException) => fail(reasonFor(error)));
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
