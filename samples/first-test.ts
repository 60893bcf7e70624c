// The smallest useful test: 5 users request the home page for 2 seconds.
// Run: npx salvo run samples/first-test.ts
import { defineTest } from 'salvo';

export default defineTest({
  vus: 5,
  duration: '2s',
  http: { baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080' },
  exec: async (vu) => {
    const res = await vu.http.get('/');
    vu.check(res, { 'status is 200': (r) => r.status === 200 });
    await vu.sleep(0.1); // seconds
  },
});
