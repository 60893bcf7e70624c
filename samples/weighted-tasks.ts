// Locust-style users: weighted tasks, think time between them, and per-user start/stop hooks.
import { between, defineTest } from 'salvo';

export default defineTest({
  vus: 3,
  duration: '2s',
  http: { baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080' },
  // after each task: a random pause of 50 to 150 ms (seconds, as Locust's between)
  think: between(0.05, 0.15),
  onStart: async (vu) => {
    // once per VU, before its first task: "log in" (the server sets a cookie in this VU's jar)
    await vu.http.get(`/cookies/set?name=session&value=user${vu.id}&attrs=${encodeURIComponent('Path=/')}`, {
      name: 'login',
    });
    vu.data.postsWritten = 0;
  },
  tasks: [
    // picked 6 times in 10: ids in the URL are templated away, so all of these are /posts/:id
    {
      name: 'read a post',
      weight: 6,
      run: async (vu) => {
        await vu.http.get(`/posts/${1 + (vu.iteration % 50)}`);
      },
    },
    {
      name: 'list posts',
      weight: 3,
      run: async (vu) => {
        await vu.http.get('/posts');
      },
    },
    {
      name: 'write a post',
      weight: 1,
      run: async (vu) => {
        const res = await vu.http.post('/echo', undefined, { json: { title: 'hello' }, name: 'create post' });
        vu.check(res, { 'post created': (r) => r.status === 200 });
        vu.data.postsWritten = Number(vu.data.postsWritten) + 1;
      },
    },
  ],
  onStop: async (vu) => {
    // once per VU when it stops
    await vu.http.get('/logout');
  },
});
