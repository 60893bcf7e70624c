// Custom metrics (k6's Trend, Counter, Rate, Gauge): declared at the top level, recorded from
// VU code, with thresholds on them as on the built-ins; the summary lists them beside those.
import { Counter, defineTest, Gauge, Rate, Trend } from 'salvo';

const timeToFirstByte = new Trend('ttfb', true); // true: milliseconds, shown as times
const bodySize = new Trend('body_size'); // plain numbers (bytes here)
const itemsViewed = new Counter('items_viewed');
const fastAnswers = new Rate('fast_answers');
const lastItem = new Gauge('last_item');

export default defineTest({
  vus: 2,
  duration: '2s',
  http: { baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080' },
  thresholds: {
    ttfb: ['p(95)<1000'],
    'body_size{kind:item}': ['min>0'],
    fast_answers: ['rate>0.5'],
    items_viewed: ['count>5'],
  },
  exec: async (vu) => {
    const item = 1 + (vu.iteration % 20);
    const res = await vu.http.get(`/items/${item}`);
    timeToFirstByte.add(res.timings.waiting);
    bodySize.add(res.body?.length ?? 0, { kind: 'item' });
    fastAnswers.add(res.timings.duration < 200);
    itemsViewed.add();
    lastItem.add(item);
    await vu.sleep(0.05);
  },
});
