// Pass/fail criteria for CI: the run exits 0 when every threshold holds, 99 when one is crossed.
import { defineTest } from 'salvo';

export default defineTest({
  vus: 4,
  duration: '2s',
  http: { baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080' },
  thresholds: {
    http_req_duration: ['p(95)<500', 'avg<200'],
    // a tag-set key: only the requests named "/api/items/:id"
    'http_req_duration{name:/api/items/:id}': ['p(99)<1000'],
    http_req_failed: ['rate<0.01'],
    // stop the run at once (exit 99) if checks start failing, but not in the first second
    checks: [{ threshold: 'rate>0.99', abortOnFail: true, delayAbortEval: '1s' }],
  },
  exec: async (vu) => {
    const res = await vu.http.get(`/api/items/${vu.iteration}`);
    vu.check(res, { 'status is 200': (r) => r.status === 200 });
    await vu.http.get('/api/health');
    await vu.sleep(0.05);
  },
});
