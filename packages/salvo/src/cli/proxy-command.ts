import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EXIT_CODES, SalvoError } from '../errors.ts';
import { parseFaultFlag, startFaultProxy } from '../proxy/index.ts';
import { PROXY_HELP } from './help.ts';

/**
 * `salvo proxy --listen 127.0.0.1:PORT --target http://service:8080 [--fault ...]`: the
 * fault-injection proxy on its own, until Ctrl-C or SIGTERM (docs/proxy.md).
 */
export async function proxyCommand(args: readonly string[]): Promise<number> {
  const { values } = parseProxyArgs(args);
  if (values.help) {
    process.stdout.write(PROXY_HELP);
    return EXIT_CODES.passed;
  }
  if (values.listen === undefined || values.target === undefined) {
    throw usage('salvo proxy needs --listen HOST:PORT and --target URL');
  }
  const listen = hostPort(values.listen);
  const target = targetUrl(values.target);
  const controlPort = values.control === undefined ? 0 : port(values.control, '--control');
  const faults = [
    ...(values.faults === undefined ? [] : await faultsFile(values.faults)),
    ...(values.fault ?? []).map(parseFaultFlag),
  ];
  const running = await startFaultProxy({ target, faults, ...listen, controlPort }).catch((error) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL')
      throw usage(`cannot listen on ${values.listen} or the control port (${code})`);
    throw error;
  });
  const { proxy } = running;
  const log = values.log === undefined ? undefined : createWriteStream(values.log, { flags: 'a' });
  // one JSON line per reset, stalled request, blackhole and cut: to match a client's failures by time and port
  if (log) proxy.table.onLogged = (entry) => log.write(`${JSON.stringify(entry)}\n`);
  process.stdout.write(
    `salvo proxy: ${proxy.host}:${proxy.port} -> ${target.origin}, ${faults.length} fault(s); ` +
      `control: http://127.0.0.1:${running.controlPort}/faults\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const state = running.state();
  await running.close();
  if (log) await new Promise((resolve) => log.end(resolve));
  process.stdout.write(
    `salvo proxy: ${state.requests} requests, ${state.connections} connections; injected ${JSON.stringify(state.injectedByKind)}\n`,
  );
  return EXIT_CODES.passed;
}

function parseProxyArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: {
        listen: { type: 'string', short: 'l' },
        target: { type: 'string', short: 't' },
        control: { type: 'string' },
        fault: { type: 'string', short: 'f', multiple: true },
        faults: { type: 'string' },
        log: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw usage((error as Error).message.split('\n')[0] as string);
  }
}

/** `HOST:PORT`, `:PORT` or `PORT` (host 127.0.0.1). */
function hostPort(text: string): { host: string; port: number } {
  const colon = text.lastIndexOf(':');
  const host = colon <= 0 ? '127.0.0.1' : text.slice(0, colon).replace(/^\[|\]$/g, '');
  return { host, port: port(colon === -1 ? text : text.slice(colon + 1), '--listen') };
}

function port(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65_535) throw usage(`${flag}: "${text}" is not a port (0-65535)`);
  return value;
}

function targetUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usage(`--target: "${text}" is not a URL, e.g. http://127.0.0.1:3000`);
  }
  if (url.protocol !== 'http:')
    throw usage(`--target: ${url.protocol} is not served: the proxy reads HTTP/1.1 in the clear (http://)`);
  return url;
}

async function faultsFile(path: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SalvoError(
      'SALVO_ERR_FAULT',
      `--faults: cannot read ${path} (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  try {
    const parsed: unknown = JSON.parse(text);
    const list = Array.isArray(parsed) ? parsed : (parsed as { faults?: unknown } | null)?.faults;
    if (!Array.isArray(list)) throw new Error('no list of faults');
    return list;
  } catch (error) {
    throw new SalvoError(
      'SALVO_ERR_FAULT',
      `--faults: ${path} is not a JSON list of faults (${(error as Error).message})`,
    );
  }
}

function usage(message: string): SalvoError {
  return new SalvoError('SALVO_ERR_USAGE', message, 'see `salvo proxy --help`');
}
