// onSummary (k6's handleSummary): your own reports from the results at the end of the run,
// here a JUnit file for CI and the whole document as JSON, with the default summary kept.
// Run: npx salvo run samples/on-summary.ts   (writes reports/ in the working directory)
import { defineTest, type ResultsDocument, textSummary } from 'salvo';

export default defineTest({
  vus: 2,
  duration: '2s',
  http: { baseUrl: process.env.TARGET ?? 'http://127.0.0.1:8080' },
  thresholds: {
    http_req_duration: ['p(95)<1000'],
    http_req_failed: ['rate<0.01'],
  },
  // the summary's trend columns (k6's option): these, in this order
  summaryTrendStats: ['avg', 'med', 'p(95)', 'p(99)', 'p(99.99)', 'max', 'count'],
  exec: async (vu) => {
    await vu.http.get('/');
    await vu.sleep(0.05);
  },
  onSummary: (results) => ({
    stdout: textSummary(results), // without this, the default summary is not printed
    'reports/summary.json': results, // an object is written as JSON
    'reports/junit.xml': junit(results), // a string as it is
  }),
});

/** One JUnit test case per threshold expression: CI tools show them as tests. */
function junit(results: ResultsDocument): string {
  const cases: string[] = [];
  for (const [key, metric] of Object.entries(results.metrics)) {
    for (const [expression, outcome] of Object.entries(metric.thresholds ?? {})) {
      const name = escapeXml(`${key} ${expression}`);
      cases.push(
        outcome.ok
          ? `  <testcase name="${name}"/>`
          : `  <testcase name="${name}"><failure message="actual ${outcome.actual ?? 'no data'}"/></testcase>`,
      );
    }
  }
  const failures = cases.filter((line) => line.includes('<failure')).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${escapeXml(results.meta.test)}" tests="${cases.length}" failures="${failures}">`,
    ...cases,
    '</testsuite>',
    '',
  ].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
