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

/** What a socket's events go to: the connection that owns it. */
export interface SocketOwner {
  readonly pool: OriginPool;
  onData(buf: Buffer, end: number): void;
  onTcpConnect(): void;
  /** Connected, and on TLS the handshake done: requests may be written. */
  onReady(): void;
  onEnd(): void;
  onError(err: NodeJS.ErrnoException): void;
  onClose(): void;
  onDrain(): void;
}

const OWNER = Symbol('salvo.socketOwner');
type OwnedSocket = net.Socket & { [OWNER]: SocketOwner };

// One set of listener functions for every socket (`this` is the socket), not a set of
// closures per connection: a thousand VUs hold a thousand sockets.
function onRead(this: OwnedSocket, bytes: number, buf: Uint8Array): boolean {
  this[OWNER].onData(buf as Buffer, bytes);
  return true;
}
function onTlsData(this: OwnedSocket, buf: Buffer): void {
  this[OWNER].onData(buf, buf.length);
}
function onConnect(this: OwnedSocket): void {
  this[OWNER].onTcpConnect();
}
function onSecureConnect(this: OwnedSocket): void {
  this[OWNER].onReady();
}
function onSession(this: OwnedSocket, session: Buffer): void {
  this[OWNER].pool.tlsSession = session;
}
function onEnd(this: OwnedSocket): void {
  this[OWNER].onEnd();
}
function onError(this: OwnedSocket, err: NodeJS.ErrnoException): void {
  this[OWNER].onError(err);
}
function onClose(this: OwnedSocket): void {
  this[OWNER].onClose();
}
function onDrain(this: OwnedSocket): void {
  this[OWNER].onDrain();
}

/** Opens `owner`'s socket (TLS when its pool's origin is https) and routes its events to it. */
export function openSocket(owner: SocketOwner): net.Socket {
  const pool = owner.pool;
  const socket = routeEvents(owner, pool.secure ? openTlsSocket(pool) : openPlainSocket(pool));
  socket.setNoDelay(true);
  socket.on('connect', onConnect);
  return socket;
}

/**
 * Takes over a TLS socket that is connected, handshaken, and had HTTP/1.1 chosen in ALPN (the
 * h2 transport's fallback): its reads and events go to `owner` from now on.
 */
export function adoptTlsSocket(owner: SocketOwner, socket: tls.TLSSocket): net.Socket {
  routeEvents(owner, socket);
  socket.on('data', onTlsData);
  socket.on('session', onSession);
  return socket;
}

function routeEvents(owner: SocketOwner, socket: net.Socket): net.Socket {
  (socket as OwnedSocket)[OWNER] = owner;
  socket.on('end', onEnd);
  socket.on('error', onError);
  socket.on('close', onClose);
  socket.on('drain', onDrain);
  return socket;
}

/** A plain TCP socket that hands each read to its owner without a Buffer per read. */
function openPlainSocket(pool: OriginPool): net.Socket {
  return net.connect({
    host: pool.connectHost,
    port: pool.connectPort,
    onread: { buffer: READ_BUFFER, callback: onRead as (bytes: number, buf: Uint8Array) => boolean },
  });
}

/** A TLS socket: SNI unless the host is an IP, ALPN http/1.1, and the pool's last session offered. */
function openTlsSocket(pool: OriginPool): tls.TLSSocket {
  const options = pool.tlsOptions;
  // Loaded on first use (synchronously, as sockets open synchronously): ~5 MB of resident
  // memory that a plain-HTTP run never needs.
  const { connect } = process.getBuiltinModule('node:tls') as typeof tls;
  const socket = connect({
    host: pool.connectHost,
    port: pool.connectPort,
    servername: pool.servername,
    ALPNProtocols: ['http/1.1'],
    session: pool.tlsSession,
    rejectUnauthorized: !options.insecureSkipVerify,
    ca: options.ca as string | string[] | undefined,
    cert: options.cert,
    key: options.key,
  });
  socket.on('data', onTlsData);
  socket.on('secureConnect', onSecureConnect);
  socket.on('session', onSession);
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
