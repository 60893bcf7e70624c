// A fault phase: the run's own fault proxy (docs/proxy.md) fails a fifth of the post lookups
// and slows half of the other reads from PHASE to 2 x PHASE, then lifts both. The summary, the
// results and the report show p99 and the error rate rising in the phase and recovering
// after, and keep the injected failures apart from the service's own.
// Against the blog (npm run blog): PHASE=10s TARGET=http://127.0.0.1:3000 npx salvo run samples/fault-phase.ts
import { defineTest } from 'salvo';

const PHASE = process.env.PHASE ?? '1s';
const seconds = (duration: string) => Number.parseFloat(duration) * (duration.endsWith('m') ? 60 : 1);

export default defineTest({
  scenarios: {
    readers: {
      executor: 'constant-arrival-rate',
      rate: 50,
      duration: `${3 * seconds(PHASE)}s`,
      preAllocatedVUs: 10,
      maxVUs: 50,
      exec: async (vu) => {
        await vu.http.get('/api/posts');
        await vu.http.get(`/api/posts/${1 + (vu.iteration % 5)}`);
      },
    },
  },
  http: { baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080', timeout: '5s' },
  faults: [
    {
      name: 'post lookups fail',
      kind: 'http-error',
      status: 503,
      share: '20%',
      route: 'GET /api/posts/:id',
      from: PHASE,
      to: `${2 * seconds(PHASE)}s`,
    },
    {
      name: 'slow reads',
      kind: 'latency',
      delay: '150ms',
      jitter: '50ms',
      distribution: 'normal',
      share: '50%',
      from: PHASE,
      to: `${2 * seconds(PHASE)}s`,
    },
  ],
  thresholds: {
    // the service's own requests stay clean and fast, whatever the faults did
    'http_req_failed{injected:false}': ['rate<0.01'],
    'http_req_duration{injected:false}': ['p(99)<1000'],
    // the faults really hit: the injected requests were slow or failed
    'http_req_duration{fault:latency}': ['p(50)>90'],
  },
});
