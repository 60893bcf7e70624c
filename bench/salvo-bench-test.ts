/**
 * The bench's `salvo-test` row: one GET and one check per iteration, as a user's test file
 * runs through the whole engine (constant-vus executor, VU loop, checks, tags). bench/run.ts
 * passes the URL, VUs and duration in the environment; by hand:
 *   SALVO_BENCH_URL=http://127.0.0.1:8080/ SALVO_BENCH_VUS=50 SALVO_BENCH_DURATION=10s \
 *     packages/salvo/bin/salvo.js run bench/salvo-bench-test.ts --workers 1
 * bench/h2.ts adds SALVO_BENCH_HTTP2 (`true` or `h2c`) and SALVO_BENCH_H2_SHARED (streams per
 * shared session; unset: a session per VU) and SALVO_BENCH_H2_CLIENT (`node` for node:http2; unset:
 * the lean client); HTTPS targets there have a self-signed certificate.
 */
import { defineTest } from '../packages/salvo/src/index.ts';

function fromEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set (bench/run.ts sets it)`);
  return value;
}

const url = fromEnv('SALVO_BENCH_URL');
const http2 = process.env.SALVO_BENCH_HTTP2;
const shared = process.env.SALVO_BENCH_H2_SHARED;
const client = process.env.SALVO_BENCH_H2_CLIENT === 'node' ? 'node' : 'lean';

export default defineTest({
  http:
    http2 === undefined
      ? {}
      : {
          http2: http2 === 'h2c' ? 'h2c' : true,
          insecureSkipTLSVerify: true,
          http2Client: client,
          ...(shared === undefined
            ? {}
            : { http2Sessions: 'shared', http2StreamsPerSession: Number(shared) }),
        },
  scenarios: {
    bench: {
      executor: 'constant-vus',
      vus: Number(fromEnv('SALVO_BENCH_VUS')),
      duration: fromEnv('SALVO_BENCH_DURATION'),
      exec: async (vu) => {
        const res = await vu.http.get(url, { tags: { kind: 'static' } });
        vu.check(res, { 'status is 200': (r) => r.status === 200 });
      },
    },
  },
});
