import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type NginxOptions, type NginxServer, startNginx } from './nginx.ts';

const TEMPLATE = new URL('../nginx/nginx-h2.conf.template', import.meta.url);

export interface H2NginxServer extends NginxServer {
  /** https://127.0.0.1:PORT: HTTP/2 over TLS (ALPN), self-signed certificate. */
  tlsOrigin: string;
  /** http://127.0.0.1:PORT: h2c with prior knowledge. */
  h2cOrigin: string;
}

/** nginx with HTTP/2 over TLS and h2c (nginx-h2.conf.template), its certificate made with openssl. */
export async function startH2Nginx(
  options: Omit<NginxOptions, 'template' | 'values'>,
): Promise<H2NginxServer> {
  const certDir = mkdtempSync(join(tmpdir(), 'salvo-bench-cert-'));
  const certFile = join(certDir, 'cert.pem');
  const keyFile = join(certDir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
    ].concat([
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]),
    { stdio: 'ignore' },
  );
  const h2cPort = await freePort();
  let server: NginxServer;
  try {
    server = await startNginx({ ...options, template: TEMPLATE, values: { h2cPort, certFile, keyFile } });
  } catch (error) {
    rmSync(certDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...server,
    tlsOrigin: server.origin.replace('http://', 'https://'),
    h2cOrigin: `http://127.0.0.1:${h2cPort}`,
    stop: async () => {
      await server.stop();
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}
