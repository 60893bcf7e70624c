// Several scenarios side by side, each with its own executor, start offset and tags.
import { defineTest, type VUFunction } from 'salvo';

const browse: VUFunction = async (vu) => {
  await vu.http.get(`/post/${1 + (vu.iteration % 20)}`);
  await vu.sleep(0.05);
};

export default defineTest({
  http: { baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080' },
  tags: { suite: 'samples' }, // on every metric of the run
  scenarios: {
    // 20 iterations in all, taken by whichever of the 2 VUs is free
    warmup: { executor: 'shared-iterations', vus: 2, iterations: 20, maxDuration: '1s', exec: browse },
    // starts 500 ms in: 3 VUs for 1.5 s; iterations left at the end get 1 s to finish
    readers: {
      executor: 'constant-vus',
      vus: 3,
      duration: '1500ms',
      startTime: '500ms',
      gracefulStop: '1s',
      tags: { team: 'content' },
      exec: browse,
    },
    // starts 1 s in: each of 2 VUs runs exactly 5 iterations
    writers: {
      executor: 'per-vu-iterations',
      vus: 2,
      iterations: 5,
      maxDuration: '2s',
      startTime: '1s',
      exec: async (vu) => {
        await vu.http.post('/echo', undefined, { form: { title: `post ${vu.iteration}` }, name: 'new post' });
      },
    },
  },
  thresholds: {
    // a threshold on one scenario's requests (and a summary key for them)
    'http_req_duration{scenario:readers}': ['p(95)<1000'],
    'iterations{scenario:writers}': ['count==10'],
  },
});
