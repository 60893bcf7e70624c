/**
 * bench/proxy.ts's latency phase: each iteration sends one request to every target in
 * turn (straight to the service, and through each proxy), in an order that rotates, at a
 * fixed arrival rate; whatever the shared machine does then hits every target alike, and
 * the p99 a proxy adds is the difference of two request names' HDR percentiles. By hand:
 *   SALVO_BENCH_TARGETS='{"direct":"http://127.0.0.1:8080/","p":"http://127.0.0.1:9000/"}' \
 *   SALVO_BENCH_RATE=200 SALVO_BENCH_DURATION=10s packages/salvo/bin/salvo.js run bench/proxy-latency-test.ts
 */
import { defineTest } from '../packages/salvo/src/index.ts';

function fromEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set (bench/proxy.ts sets it)`);
  return value;
}

const targets = Object.entries(JSON.parse(fromEnv('SALVO_BENCH_TARGETS')) as Record<string, string>);

export default defineTest({
  scenarios: {
    interleaved: {
      executor: 'constant-arrival-rate',
      rate: Number(fromEnv('SALVO_BENCH_RATE')),
      duration: fromEnv('SALVO_BENCH_DURATION'),
      preAllocatedVUs: 20,
      maxVUs: 200,
      exec: async (vu) => {
        for (let i = 0; i < targets.length; i++) {
          const [name, url] = targets[(vu.iteration + i) % targets.length] as [string, string];
          await vu.http.get(url, { name });
        }
      },
    },
  },
});
