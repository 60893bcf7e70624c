import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRecorder } from '../metrics/index.ts';
import type { Recorder } from '../metrics/types.ts';
import type { HttpDefaults } from '../plan/types.ts';
import { createHttpClient } from './client.ts';
import { OVERFLOW_NAME } from './client-prepare.ts';
import { h2CanHandle } from './h2/index.ts';
import { countOf, testClientContext } from './testing/index.ts';
import type { Transport, TransportName, TransportRequest, TransportResult } from './types.ts';

/** A transport whose answers come from `answer`. */
function answering(
  name: TransportName,
  answer: (req: TransportRequest) => Promise<TransportResult>,
): Transport {
  return {
    name,
    send(req, sink) {
      answer(req).then(
        (result) => sink.settle(result),
        (error: unknown) => sink.fail(error),
      );
    },
    request: answer,
    interrupt: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** A transport that answers 200 at once and keeps what it was asked. */
function fakeTransport(name: TransportName): Transport & { seen: TransportRequest[] } {
  const seen: TransportRequest[] = [];
  return {
    seen,
    ...answering(name, (req) => {
      seen.push(req);
      const result: TransportResult = {
        status: 200,
        headers: {},
        setCookies: req.url.pathname === '/login' ? ['sid=1; Path=/'] : [],
        body: undefined,
        bytesSent: 10,
        bytesReceived: 20,
        timings: {
          blockedMs: 0,
          connectingMs: 0,
          tlsHandshakingMs: 0,
          sendingMs: 0.1,
          waitingMs: 1,
          receivingMs: 0.1,
          durationMs: 1.2,
        },
        error: undefined,
        reusedConnection: true,
        protocol: name === 'h2' ? 'h2' : 'http/1.1',
      };
      return Promise.resolve(result);
    }),
  };
}

function setup(overrides: Partial<HttpDefaults> = {}, recorder: Recorder = createRecorder('t')) {
  const lean = fakeTransport('lean');
  const undici = fakeTransport('undici');
  const ctx = testClientContext(recorder, { baseUrl: 'http://127.0.0.1:9/', ...overrides });
  const http = createHttpClient(ctx, { lean, undici, leanCanHandle: (url) => url.protocol === 'http:' });
  return { http, lean, undici };
}

test('the same request shape reuses the same url and headers objects', async () => {
  const { http, lean } = setup();
  await http.get('/a');
  await http.get('/a');
  await http.post('/a', undefined, { json: { x: 1 } });
  await http.post('/a', undefined, { json: { x: 2 } });
  await http.get('/a', { headers: { 'X-One': '1' } });
  await http.get('/a', { headers: { 'X-One': '1' } });
  await http.get('/a', { headers: { 'X-One': '2' } });
  const [g1, g2, p1, p2, custom, sameCustom, otherCustom] = lean.seen;
  assert.equal(g1!.url, g2!.url);
  assert.equal(g1!.headers, g2!.headers);
  assert.equal(p1!.headers, p2!.headers);
  assert.notEqual(g1!.headers, p1!.headers);
  assert.notEqual(custom!.headers, g1!.headers);
  assert.equal(custom!.headers, sameCustom!.headers, 'equal headers in new objects: one shape');
  assert.notEqual(custom!.headers, otherCustom!.headers);
  assert.deepEqual(otherCustom!.headers.slice(0, 2), ['X-One', '2']);
  assert.equal(g1!.timeouts, p1!.timeouts);
  assert.deepEqual(g1!.headers, ['x-load-test', 'salvo', 'user-agent', 'salvo/0.1.0']);
});

test('cookie headers are cached per URL until the jar changes', async () => {
  const { http, lean } = setup();
  await http.get('/login');
  await http.get('/a');
  await http.get('/a');
  http.cookies.set('http://127.0.0.1:9/', 'more', '2');
  await http.get('/a');
  const [, a1, a2, a3] = lean.seen;
  assert.equal(a1!.headers, a2!.headers);
  assert.deepEqual(a1!.headers.slice(-2), ['cookie', 'sid=1']);
  assert.deepEqual(a3!.headers.slice(-2), ['cookie', 'sid=1; more=2']);
});

test("a Cookie header the test sets and the jar's cookies go out as one Cookie field", async () => {
  const { http, lean } = setup({ headers: { Cookie: 'theme=dark' } });
  await http.get('/login');
  await http.get('/a');
  await http.get('/a', { headers: { cookie: 'lang=en' } });
  const [, fromDefaults, fromRequest] = lean.seen;
  const cookieFields = (headers: readonly string[]) =>
    headers.filter((_, i) => i % 2 === 0 && headers[i]!.toLowerCase() === 'cookie').length;
  assert.equal(cookieFields(fromDefaults!.headers), 1);
  assert.equal(fromDefaults!.headers[fromDefaults!.headers.indexOf('Cookie') + 1], 'theme=dark; sid=1');
  assert.equal(cookieFields(fromRequest!.headers), 1);
  assert.equal(fromRequest!.headers[fromRequest!.headers.indexOf('cookie') + 1], 'lang=en; sid=1');
});

test('transport choice: auto takes lean where it can, undici where it cannot or when told', async () => {
  const auto = setup();
  assert.equal((await auto.http.get('/')).transport, 'lean');
  assert.equal((await auto.http.get('https://127.0.0.1:9/')).transport, 'undici');
  assert.equal((await setup({ http2: true }).http.get('/')).transport, 'lean', 'http:// without h2c');
  assert.equal((await setup({ transport: 'undici' }).http.get('/')).transport, 'undici');
  assert.equal((await setup({ transport: 'lean' }).http.get('https://127.0.0.1:9/')).transport, 'lean');
  const ctx = testClientContext(createRecorder('t'), { transport: 'lean' });
  assert.throws(
    () => createHttpClient(ctx, { undici: fakeTransport('undici') }),
    /lean transport is not available/,
  );
});

test('the context hears which transport each request goes out on, once per change', async () => {
  const heard: TransportName[] = [];
  const noteTransport = (name: TransportName) => void heard.push(name);
  const ctx = testClientContext(createRecorder('t'), { baseUrl: 'http://127.0.0.1:9/' }, { noteTransport });
  const http = createHttpClient(ctx, {
    lean: fakeTransport('lean'),
    undici: fakeTransport('undici'),
    leanCanHandle: (url) => url.protocol === 'http:',
  });
  assert.deepEqual(heard, [], 'nothing before a request');
  for (let i = 0; i < 3; i++) await http.get('/');
  await http.get('https://127.0.0.1:9/');
  await http.get('https://127.0.0.1:9/');
  assert.deepEqual(heard, ['lean', 'undici']);

  heard.length = 0;
  const h2ctx = testClientContext(createRecorder('t'), { http2: true }, { noteTransport });
  const h2 = createHttpClient(h2ctx, {
    lean: fakeTransport('lean'),
    undici: fakeTransport('undici'),
    h2: fakeTransport('h2'),
    h2CanHandle: (url) => h2CanHandle(url, true),
  });
  for (let i = 0; i < 3; i++) await h2.get('https://127.0.0.1:9/');
  await h2.get('http://127.0.0.1:9/');
  assert.deepEqual(heard, ['h2', 'lean'], 'HTTP/2 for https://, plain http:// stays HTTP/1.1 (h2c is asked)');
});

test('URLs: relative ones need baseUrl; bad ones are script errors; names drop ids and queries', async () => {
  const { http } = setup({ baseUrl: undefined });
  await assert.rejects(http.get('/x'), /relative URLs need http.baseUrl/);
  await assert.rejects(http.get('ftp://h/x'), /unsupported URL scheme/);
  const res = await http.get('http://127.0.0.1:9/post/42?x=1');
  assert.equal(res.name, '/post/:id');
  assert.equal(res.url, 'http://127.0.0.1:9/post/42?x=1');
});

test('timeouts: a scalar bounds the whole request, an object sets phases', async () => {
  const { http, lean } = setup();
  await http.get('/', { timeout: '5s' });
  await http.get('/', { timeout: { connect: 100, body: '2s' } });
  assert.equal(lean.seen[0]!.timeouts.requestMs, 5_000);
  assert.equal(lean.seen[1]!.timeouts.connectMs, 100);
  assert.equal(lean.seen[1]!.timeouts.bodyMs, 2_000);
  await assert.rejects(http.get('/', { timeout: 'soon' }), /invalid duration for timeout/);
  await assert.rejects(http.get('/', { timeout: 0 }), /greater than 0/);
});

test('series are interned once per combination, not per request', async () => {
  const real = createRecorder('t');
  let interned = 0;
  const counting: Recorder = {
    ...real,
    series: (metric, tags) => {
      interned++;
      return real.series(metric, tags);
    },
  };
  const { http } = setup({}, counting);
  await http.get('/a');
  const afterFirst = interned;
  for (let i = 0; i < 50; i++) await http.get(`/a?i=${i}`);
  assert.equal(interned, afterFirst);
});

test("each response has its own headers: a user's change does not reach the next", async () => {
  const shared = Object.freeze({ 'content-type': 'text/plain' });
  const answer = fakeTransport('undici');
  const sharing = answering('undici', (req) =>
    answer.request(req).then((result) => ({ ...result, headers: shared })),
  );
  const http = createHttpClient(testClientContext(createRecorder('t'), { baseUrl: 'http://127.0.0.1:9/' }), {
    undici: sharing,
  });
  const first = await http.get('/');
  const second = await http.get('/');
  assert.notEqual(first.headers, second.headers);
  (first.headers as Record<string, string>)['content-type'] = 'changed';
  assert.equal(second.headers['content-type'], 'text/plain');
  assert.equal(first.headers, first.headers, 'one copy per response');
  await http.close();
});

test('each interrupt of the VU interrupts its transports, on every fresh signal', async () => {
  const recorder = createRecorder('t');
  let vuSignal = new AbortController();
  const base = testClientContext(recorder, { baseUrl: 'http://127.0.0.1:9/' });
  const ctx = {
    ...base,
    get signal() {
      return vuSignal.signal;
    },
  };
  let interrupts = 0;
  const undici = { ...fakeTransport('undici'), interrupt: () => Promise.resolve(void interrupts++) };
  const http = createHttpClient(ctx, { undici });
  const interrupt = () => {
    vuSignal.abort(); // what VirtualUser.interrupt() does: abort, then a fresh controller
    vuSignal = new AbortController();
  };
  await http.get('/');
  interrupt();
  assert.equal(interrupts, 1);
  const after = await http.get('/');
  assert.equal(after.status, 200, 'a response after the interrupt is recorded as it is');
  interrupt();
  assert.equal(interrupts, 2, "the client listens on the VU's new signal");
  assert.equal(countOf(recorder.snapshot(0, 0, 1), 'http_reqs'), 2);
  await http.close();
});

test('paths no rule can template are capped: past 500 names they share one', async () => {
  const { http } = setup();
  const names = new Set<string>();
  const word = (i: number) => i.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)]!);
  for (let i = 0; i < 700; i++) names.add((await http.get(`/wiki/${word(i + 1000)}`)).name);
  assert.equal(names.size, 501);
  assert.ok(names.has(OVERFLOW_NAME));
  assert.equal((await http.get(`/wiki/${word(1000)}`)).name, `/wiki/${word(1000)}`, 'names given stay');
});
