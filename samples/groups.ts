// Groups (k6's group): each group is timed in group_duration, and every request and check
// inside carries its path as the tag `group` (nested: `::checkout::pay`).
import { defineTest } from 'salvo';

export default defineTest({
  vus: 2,
  duration: '2s',
  http: { baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080' },
  thresholds: {
    'group_duration{group:::checkout}': ['p(95)<2000'],
    'http_req_duration{group:::checkout::pay}': ['p(99)<1000'],
  },
  exec: async (vu) => {
    await vu.group('browse', async () => {
      await vu.http.get('/products');
      await vu.http.get(`/products/${1 + (vu.iteration % 10)}`);
    });
    await vu.group('checkout', async () => {
      const cart = await vu.http.post('/echo', undefined, { json: { id: 42 }, name: 'add to cart' });
      vu.check(cart, { 'added to cart': (r) => r.status === 200 });
      await vu.group('pay', async () => {
        await vu.http.post('/echo', undefined, { json: { card: 'test' }, name: 'pay' });
      });
    });
    await vu.sleep(0.1);
  },
});
