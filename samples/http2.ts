// HTTP/2: h2c with prior knowledge here (`http2: true` takes https:// targets by ALPN).
// Each VU has its own session, as a browser does; its parallel requests are streams of it.
import { defineTest } from 'salvo';

const baseUrl = process.env.TARGET ?? 'http://127.0.0.1:8080';

export default defineTest({
  vus: 2,
  duration: '2s',
  // `http2Sessions: 'shared'` would multiplex the VUs over shared sessions, as a proxy does
  http: { baseUrl, http2: 'h2c' },
  exec: async (vu) => {
    const page = await vu.http.get('/echo', { name: 'page' });
    vu.check(page, {
      'carried by HTTP/2': (r) => r.transport === 'h2',
      'status 200': (r) => r.status === 200,
    });
    // three streams side by side on the VU's one session
    const parts = await Promise.all(
      ['/length?size=1000', '/chunked?size=2000', '/empty'].map((path) => vu.http.get(path)),
    );
    vu.check(parts, { 'all parts arrived': (rs) => rs.every((r) => r.ok) });
    // trailers, sent after the body (as gRPC's grpc-status), are in `trailers`
    const withTrailers = await vu.http.get('/trailers', { name: 'trailers' });
    vu.check(withTrailers, { 'trailers arrived': (r) => r.trailers['x-status'] === '0' });
  },
});
