// Retries (off unless configured) and timeouts, test-wide and per request.
import { defineTest } from 'salvo';

// /flaky counts failures per key: make the keys of this run unique
const runId = Math.random().toString(36).slice(2, 8);

export default defineTest({
  vus: 2,
  duration: '2s',
  http: {
    baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080',
    timeout: '2s', // every phase of every request, unless a request says otherwise
    // network errors and timeouts: up to 2 retries with jittered exponential backoff;
    // of those, at most 1 for a 5xx or 429 (Retry-After is honoured); never for other 4xx
    retry: { attempts: 2, baseDelay: '20ms', maxDelay: '200ms', statusAttempts: 1 },
  },
  exec: async (vu) => {
    // answers 503 the first time for this key, then 200: one retry makes it a success
    const flaky = await vu.http.get(`/flaky?key=${runId}-${vu.id}-${vu.iteration}&failures=1&status=503`);
    vu.check(flaky, { 'ok after one retry': (r) => r.ok && r.retries === 1 });

    // the server waits 300 ms, this request allows 100 ms, and is not retried
    const slow = await vu.http.get('/delay?ms=300', { timeout: '100ms', retry: false });
    vu.check(slow, { 'slow request timed out': (r) => r.error?.kind === 'timeout' });

    // a 404 the test expects is a success, not an http_4xx error
    const gone = await vu.http.get('/status/404', { expectedStatuses: [404] });
    vu.check(gone, { '404 expected': (r) => r.ok });
  },
});
