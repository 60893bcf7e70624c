/**
 * Real servers for HTTP tests: a well-behaved one, a misbehaving raw-TCP one, and a TLS one
 * with a self-signed certificate. All listen on 127.0.0.1, port 0.
 *
 * @example
 * const server = await startTestServer();
 * try { await fetch(`${server.url}/echo`); } finally { await server.close(); }
 */

export { type BlackholeServer, startBlackholeServer } from './blackhole-server.ts';
export { testClientContext, testHttpDefaults } from './client-context.ts';
export {
  type ClientUnderTest,
  CONTRACT_TRANSPORTS,
  type ContractTransport,
  withClient,
} from './contract-harness.ts';
export { type FaultServer, startFaultServer } from './fault-server.ts';
export { startH2TestServer } from './h2-server.ts';
export { startH2StreamServer } from './h2-stream-server.ts';
export { countOf, rateOf, seriesOf, tagValues } from './recorded.ts';
export { startTestServer, type TestServer } from './test-server.ts';
export { type SelfSignedCert, selfSignedCert, startTlsTestServer } from './tls-server.ts';
