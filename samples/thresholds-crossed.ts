// A threshold that fails on purpose: one request in five gets a 500, the error budget is 5 %.
// The run finishes and exits 99, which fails a CI job.
import { defineTest } from 'salvo';

export default defineTest({
  vus: 2,
  duration: '2s',
  http: { baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080' },
  thresholds: {
    http_req_failed: ['rate<0.05'],
  },
  exec: async (vu) => {
    await vu.http.get(vu.iteration % 5 === 4 ? '/status/500' : '/');
    await vu.sleep(0.05);
  },
});
