// setup() runs once before the load and its result is every VU's vu.setupData;
// teardown() runs once after, with the same data.
import { defineTest } from 'salvo';

const baseUrl = process.env.TARGET ?? 'http://127.0.0.1:8080';

export default defineTest({
  vus: 3,
  duration: '2s',
  http: { baseUrl },
  setup: async () => {
    // not part of the load: plain fetch, no metrics (e.g. create a test account, get a token)
    const res = await fetch(`${baseUrl}/echo`, { method: 'POST', body: 'token-123' });
    const { body } = (await res.json()) as { body: string };
    return { token: body };
  },
  exec: async (vu) => {
    const { token } = vu.setupData as { token: string };
    const res = await vu.http.get('/echo', { headers: { authorization: `Bearer ${token}` } });
    vu.check(res, {
      'token from setup sent': (r) =>
        r.json<{ headers: Record<string, string> }>().headers.authorization === 'Bearer token-123',
    });
    await vu.sleep(0.1);
  },
  teardown: async (data) => {
    const { token } = data as { token: string };
    await fetch(`${baseUrl}/echo`, { method: 'DELETE', body: token });
  },
});
