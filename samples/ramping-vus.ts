// Closed model with a ramp: VUs follow the stages' target, then ramp down to zero.
import { defineTest } from 'salvo';

export default defineTest({
  http: { baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080' },
  scenarios: {
    ramp: {
      executor: 'ramping-vus',
      startVUs: 1,
      stages: [
        { duration: '800ms', target: 4 }, // 1 -> 4 users
        { duration: '1s', target: 4 }, // hold
        { duration: '700ms', target: 0 }, // ramp down
      ],
      // a VU ramped down finishes its iteration; one still busy after this is interrupted
      gracefulRampDown: '500ms',
      exec: async (vu) => {
        await vu.http.get('/delay?ms=20');
        await vu.sleep('50ms');
      },
    },
  },
});
