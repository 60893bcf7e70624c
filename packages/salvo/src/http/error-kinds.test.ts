import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kindForErrorCode } from './error-kinds.ts';

test('Node and undici codes map to their kinds', () => {
  const cases: [string, string][] = [
    ['ECONNREFUSED', 'connect'],
    ['ECONNRESET', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['ENOTFOUND', 'dns'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['HPE_INVALID_CHUNK_SIZE', 'protocol'],
    ['ERR_HTTP2_STREAM_ERROR', 'protocol'],
    ['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'protocol'],
  ];
  for (const [code, kind] of cases) assert.equal(kindForErrorCode(code), kind, code);
});

test('unknown or missing codes say nothing', () => {
  assert.equal(kindForErrorCode(undefined), undefined);
  assert.equal(kindForErrorCode('EWHATEVER'), undefined);
});
