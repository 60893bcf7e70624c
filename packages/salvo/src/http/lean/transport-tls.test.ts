import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { createLeanTransport } from './index.ts';
import { OPTIONS, request } from './test-servers.ts';

/** A self-signed certificate for localhost and 127.0.0.1, made by openssl for this run. */
function selfSigned(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'salvo-lean-tls-'));
  try {
    const [certPath, keyPath] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1'].concat([
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        keyPath,
        '-out',
        certPath,
      ]),
      { stdio: 'ignore' },
    );
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('lean transport over TLS', () => {
  let server: https.Server;
  let url: string;
  let cert: string;
  let key: string;
  const resumed: boolean[] = [];

  before(async () => {
    const pair = selfSigned();
    cert = pair.cert;
    key = pair.key;
    server = https.createServer({ ...pair }, (req, res) => {
      if (req.url === '/close') res.setHeader('Connection', 'close');
      res.end(`tls ${req.url}`);
    });
    server.on('secureConnection', (socket: TLSSocket) => resumed.push(socket.isSessionReused()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  test('insecureSkipVerify accepts a self-signed certificate; timings include the handshake', async () => {
    const t = createLeanTransport({ ...OPTIONS, tls: { insecureSkipVerify: true } });
    try {
      const first = await t.request(request(`${url}/a`));
      assert.equal(first.error, undefined, first.error?.message);
      assert.equal((first.body as Buffer).toString(), 'tls /a');
      assert.ok(first.timings.tlsHandshakingMs > 0);
      assert.ok(first.timings.connectingMs > 0);
      const second = await t.request(request(`${url}/b`));
      assert.equal(second.reusedConnection, true);
      assert.equal(second.timings.tlsHandshakingMs, 0);
    } finally {
      await t.close();
    }
  });

  test('without it, verification fails as a tls error', async () => {
    const t = createLeanTransport(OPTIONS);
    try {
      const r = await t.request(request(`${url}/`));
      assert.equal(r.error?.kind, 'tls', r.error?.message);
      assert.equal(r.status, 0);
    } finally {
      await t.close();
    }
  });

  test('the ca option trusts the certificate', async () => {
    const t = createLeanTransport({ ...OPTIONS, tls: { insecureSkipVerify: false, ca: cert } });
    try {
      const r = await t.request(request(`${url}/ca`));
      assert.equal(r.error, undefined, r.error?.message);
      assert.equal(r.status, 200);
    } finally {
      await t.close();
    }
  });

  test('a wrong servername fails verification as a tls error', async () => {
    const t = createLeanTransport({
      ...OPTIONS,
      tls: { insecureSkipVerify: false, ca: cert, servername: 'example.org' },
    });
    try {
      const r = await t.request(request(`${url}/`));
      assert.equal(r.error?.kind, 'tls');
    } finally {
      await t.close();
    }
  });

  test('a reconnect resumes the TLS session', async () => {
    const t = createLeanTransport({ ...OPTIONS, tls: { insecureSkipVerify: true } });
    try {
      resumed.length = 0;
      for (let i = 0; i < 3; i++) {
        const r = await t.request(request(`${url}/close`));
        assert.equal(r.error, undefined);
        assert.equal(r.reusedConnection, false);
      }
      assert.equal(resumed.length, 3);
      assert.equal(resumed[0], false);
      assert.ok(resumed.slice(1).every(Boolean), `resumed: ${resumed.join(',')}`);
    } finally {
      await t.close();
    }
  });

  test('cert and key present a client certificate to a server that requires one', async () => {
    const mtls = https.createServer(
      { cert, key, ca: cert, requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        res.end(`client ${(req.socket as TLSSocket).authorized}`);
      },
    );
    await new Promise<void>((resolve) => mtls.listen(0, '127.0.0.1', resolve));
    const mtlsUrl = `https://127.0.0.1:${(mtls.address() as AddressInfo).port}/`;
    const withCert = createLeanTransport({
      ...OPTIONS,
      tls: { insecureSkipVerify: false, ca: cert, cert, key },
    });
    const without = createLeanTransport({ ...OPTIONS, tls: { insecureSkipVerify: false, ca: cert } });
    try {
      const ok = await withCert.request(request(mtlsUrl));
      assert.equal(ok.error, undefined, ok.error?.message);
      assert.equal((ok.body as Buffer).toString(), 'client true');
      const refused = await without.request(request(mtlsUrl));
      assert.ok(refused.error?.kind === 'tls' || refused.error?.kind === 'reset', refused.error?.kind);
      assert.doesNotMatch(refused.error?.message ?? '', /\n/);
    } finally {
      await withCert.close();
      await without.close();
      mtls.closeAllConnections();
      await new Promise<void>((resolve) => mtls.close(() => resolve()));
    }
  });
});
