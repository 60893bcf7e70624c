// Open model: iterations start at a set rate whatever the service does. Two scenarios run
// side by side: a steady 50/s, and a rate that ramps 10/s -> 50/s -> 10/s.
import { defineTest, type VUFunction } from 'salvo';

const exec: VUFunction = async (vu) => {
  await vu.http.get('/delay?ms=20');
};

export default defineTest({
  http: { baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080' },
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate',
      rate: 50,
      timeUnit: '1s',
      duration: '2s',
      preAllocatedVUs: 2,
      maxVUs: 20, // grows past preAllocatedVUs when iterations pile up; beyond: dropped_iterations
      exec,
    },
    spike: {
      executor: 'ramping-arrival-rate',
      startRate: 10,
      timeUnit: '1s',
      stages: [
        { duration: '1s', target: 50 },
        { duration: '1s', target: 10 },
      ],
      preAllocatedVUs: 2,
      maxVUs: 20,
      exec,
    },
  },
});
