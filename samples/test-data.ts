// Test data from a file (k6's SharedArray, Gatling's feeders): each VU takes a row with
// `next(vu)`. `unique` hands every row out once in the whole run, across worker threads;
// `shared` gives every VU the same sequence; `random` any row. The file is read once.
import { defineTest, feed } from 'salvo';

// a relative path is relative to this file; CSV rows are objects keyed by the header line
const users = feed<{ id: string; email: string; password: string }>('data/users.csv', { mode: 'unique' });

export default defineTest({
  vus: 3,
  iterations: 30,
  http: { baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080' },
  exec: async (vu) => {
    const user = users.next(vu);
    const res = await vu.http.post('/echo', undefined, {
      json: { email: user.email, password: user.password },
      name: 'login',
    });
    vu.check(res, { 'logged in as the row': (r) => r.json<{ body: string }>().body.includes(user.email) });
  },
});
