// Checks record pass/fail without stopping the test; request names group URLs in the metrics.
import { defineTest } from 'salvo';

export default defineTest({
  vus: 4,
  duration: '2s',
  http: { baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080' },
  exec: async (vu) => {
    const id = 1 + ((vu.id * 31 + vu.iteration) % 1000);

    // default name: the path with ids templated away -> "/post/:id" (one series, not 1000)
    const post = await vu.http.get(`/post/${id}`);
    vu.check(post, {
      'status is 200': (r) => r.status === 200,
      'body says ok': (r) => r.text() === 'ok',
    });

    // an explicit name, and an extra tag on this request's metrics
    await vu.http.get(`/search?q=term${id}`, { name: 'search', tags: { page: 'search' } });

    // JSON in, JSON out: /echo returns what it received
    const echo = await vu.http.post('/echo', undefined, { json: { id }, name: 'echo' });
    vu.check(echo, {
      'echo has the id': (r) => r.json<{ body: string }>().body === JSON.stringify({ id }),
    });
    await vu.sleep(0.05);
  },
});
