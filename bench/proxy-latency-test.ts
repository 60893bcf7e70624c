/**
 * bench/proxy.ts's latency phase: each iteration sends one request straight to the service
 * and one through the proxy, in turn, at a fixed arrival rate, so whatever the shared
 * machine does hits both alike; the p99 the proxy adds is the difference of the two
 * request names' HDR percentiles. By hand:
 *   SALVO_BENCH_DIRECT=http://127.0.0.1:8080/ SALVO_BENCH_PROXIED=http://127.0.0.1:9000/ \
 *   SALVO_BENCH_RATE=500 SALVO_BENCH_DURATION=10s packages/salvo/bin/salvo.js run bench/proxy-latency-test.ts
 */
import { defineTest } from '../packages/salvo/src/index.ts';

function fromEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set (bench/proxy.ts sets it)`);
  return value;
}

const direct = fromEnv('SALVO_BENCH_DIRECT');
const proxied = fromEnv('SALVO_BENCH_PROXIED');

export default defineTest({
  scenarios: {
    paired: {
      executor: 'constant-arrival-rate',
      rate: Number(fromEnv('SALVO_BENCH_RATE')),
      duration: fromEnv('SALVO_BENCH_DURATION'),
      preAllocatedVUs: 20,
      maxVUs: 200,
      exec: async (vu) => {
        // which goes first alternates, so neither always finds the connection warmer
        const pair: [string, string][] = [
          ['direct', direct],
          ['proxied', proxied],
        ];
        if (vu.iteration % 2 === 1) pair.reverse();
        for (const [name, url] of pair) await vu.http.get(url, { name });
      },
    },
  },
});
