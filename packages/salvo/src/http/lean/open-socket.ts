import * as net from 'node:net';
import type * as tls from 'node:tls';
import { kindForErrorCode } from '../error-kinds.ts';
import type { NetworkErrorKind } from '../types.ts';
import type { OriginPool } from './origin-pool.ts';

/**
 * Plain sockets read into this one buffer (net's `onread`): reads are handled one at a time
 * and synchronously, and the parser copies out what it keeps, so every socket shares it.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

type OnData = (buf: Buffer, end: number) => void;

/** A plain TCP socket that hands each read to `onData` without a Buffer per read. */
export function openPlainSocket(pool: OriginPool, onData: OnData): net.Socket {
  const callback = (bytes: number, buf: Uint8Array): boolean => {
    onData(buf as Buffer, bytes);
    return true;
  };
  return net.connect({ host: pool.hostname, port: pool.port, onread: { buffer: READ_BUFFER, callback } });
}

/** A TLS socket: SNI unless the host is an IP, ALPN http/1.1, and the pool's last session offered. */
export function openTlsSocket(pool: OriginPool, onData: OnData, onSecure: () => void): tls.TLSSocket {
  const options = pool.tlsOptions;
  // Loaded on first use (synchronously, as sockets open synchronously): ~5 MB of resident
  // memory that a plain-HTTP run never needs.
  const { connect } = process.getBuiltinModule('node:tls') as typeof tls;
  const socket = connect({
    host: pool.hostname,
    port: pool.port,
    servername: pool.servername,
    ALPNProtocols: ['http/1.1'],
    session: pool.tlsSession,
    rejectUnauthorized: !options.insecureSkipVerify,
    ca: options.ca as string | string[] | undefined,
    cert: options.cert,
    key: options.key,
  });
  socket.on('data', (buf: Buffer) => onData(buf, buf.length));
  socket.on('secureConnect', onSecure);
  socket.on('session', (session: Buffer) => {
    pool.tlsSession = session;
  });
  return socket;
}

/** Why a socket never became ready: a failure after TCP connected on TLS is the handshake's. */
export function connectFailureKind(
  code: string | undefined,
  secure: boolean,
  tcpConnected: boolean,
): NetworkErrorKind {
  const kind = kindForErrorCode(code);
  if (secure && tcpConnected && (kind === undefined || kind === 'reset')) return 'tls';
  return kind ?? 'connect';
}
