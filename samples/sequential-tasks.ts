// A user journey, Locust's SequentialTaskSet: the tasks run in the order listed, one whole
// pass per iteration, with think time after each step.
import { constant, defineTest } from 'salvo';

export default defineTest({
  scenarios: {
    shoppers: {
      executor: 'per-vu-iterations',
      vus: 2,
      iterations: 3,
      sequential: true,
      think: constant(0.05),
      tasks: [
        async function login(vu) {
          await vu.http.get(
            `/cookies/set?name=session&value=user${vu.id}&attrs=${encodeURIComponent('Path=/')}`,
            {
              name: 'login',
            },
          );
        },
        async function browse(vu) {
          await vu.http.get(`/products/${1 + (vu.iteration % 10)}`);
        },
        async function checkout(vu) {
          const res = await vu.http.post('/echo', undefined, { json: { cart: [1, 2] }, name: 'checkout' });
          vu.check(res, { 'checked out': (r) => r.status === 200 });
        },
      ],
    },
  },
  http: { baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080' },
});
