// The request API: methods, JSON and form bodies, headers, cookies, reading responses.
import { defineTest } from 'salvo';

const baseUrl = process.env.TARGET ?? 'http://127.0.0.1:8080';

interface Echo {
  method: string;
  headers: Record<string, string>;
  body: string;
}

export default defineTest({
  vus: 2,
  duration: '2s',
  http: { baseUrl, headers: { 'accept-language': 'en' } }, // sent with every request
  exec: async (vu) => {
    // JSON body (Content-Type set for you); the server echoes the request back
    const created = await vu.http.post('/echo', undefined, { json: { title: 'hi' }, name: 'echo json' });
    const echo = created.json<Echo>();
    vu.check(echo, {
      'JSON body arrived': (e) => e.body === '{"title":"hi"}',
      'default headers sent': (e) => e.headers['accept-language'] === 'en',
      'marked as test traffic': (e) => e.headers['x-load-test'] === 'salvo',
    });

    // form body and a per-request header
    const form = await vu.http.put('/echo', undefined, {
      form: { q: 'load test', page: 2 },
      headers: { authorization: 'Bearer sample-token' },
      name: 'echo form',
    });
    vu.check(form.json<Echo>(), { 'form encoded': (e) => e.body === 'q=load+test&page=2' });

    // cookies: the server sets one, this VU's jar sends it back on later requests
    if (vu.iteration === 0) {
      await vu.http.get(`/cookies/set?name=session&value=vu${vu.id}&attrs=${encodeURIComponent('Path=/')}`);
      vu.http.cookies.set(baseUrl, 'theme', 'dark'); // set one by hand
    }
    const cookies = await vu.http.get('/cookies');
    vu.check(cookies, {
      'cookies sent back': (r) => r.text().includes(`session=vu${vu.id}`) && r.text().includes('theme=dark'),
    });

    // redirects are followed only when asked for; each hop is measured as its own request
    const moved = await vu.http.get('/redirect/2', { maxRedirects: 5 });
    vu.check(moved, { 'redirects followed': (r) => r.status === 200 && r.url.endsWith('/echo') });

    // HEAD and DELETE; response timings are in milliseconds
    const head = await vu.http.head('/length?size=2000');
    vu.check(head, { 'HEAD has content-length': (r) => r.headers['content-length'] === '2000' });
    const del = await vu.http.delete('/echo', { name: 'echo delete' });
    vu.check(del, { 'TTFB measured': (r) => r.timings.waiting > 0 });
    await vu.sleep(0.05);
  },
});
