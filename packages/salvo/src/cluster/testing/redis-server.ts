import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/**
 * A throwaway redis-server on a loopback port (no persistence), that a test can stop and
 * start again on the same port: a Redis restart that loses everything, the worst case.
 * (test/helpers/redis.ts starts one for good; this one restarts.)
 */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface TestRedisOptions {
  readonly password?: string;
  /** TLS only (rediss://), with this certificate and key (PEM files); clients are not asked for one. */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
}

export async function startTestRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const auth = options.password ? `:${options.password}@` : '';
  const { tls } = options;
  const redis: TestRedis = {
    url: `${tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`,
    port,
    start: async () => {
      const listen = tls
        ? [
            '--port',
            '0',
            '--tls-port',
            String(port),
            '--tls-cert-file',
            tls.certFile,
            '--tls-key-file',
            tls.keyFile,
          ]
        : ['--port', String(port)];
      const args = [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      if (tls) args.push('--tls-ca-cert-file', tls.certFile, '--tls-auth-clients', 'no');
      if (options.password) args.push('--requirepass', options.password);
      child = spawn('redis-server', args, { stdio: 'ignore' });
      const failed = new Promise<Error>((resolve) => child!.once('error', resolve));
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const ready = await Promise.race([tls ? handshake(port) : ping(port), failed]);
        if (ready instanceof Error)
          throw new Error(`cannot start redis-server (${ready.message}): apt-get install redis-server`);
        if (ready) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`redis-server did not answer on port ${port}`);
    },
    stop: async () => {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = once(running, 'exit');
      running.kill('SIGKILL');
      await exited;
    },
  };
  await redis.start();
  return redis;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** True when something on the port answers PING (an auth error is an answer too). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('data', () => finish(true));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

/** True when a TLS handshake on the port succeeds. */
function handshake(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTls({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}
