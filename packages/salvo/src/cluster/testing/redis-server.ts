import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, Socket } from 'node:net';

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

export async function startTestRedis(options: { password?: string } = {}): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const auth = options.password ? `:${options.password}@` : '';
  const redis: TestRedis = {
    url: `redis://${auth}127.0.0.1:${port}`,
    port,
    start: async () => {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      if (options.password) args.push('--requirepass', options.password);
      child = spawn('redis-server', args, { stdio: 'ignore' });
      const failed = new Promise<Error>((resolve) => child!.once('error', resolve));
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const ready = await Promise.race([ping(port), failed]);
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
