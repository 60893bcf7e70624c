import type { Output } from '../types.ts';

/** Prints, every second, the p99 of http_req_duration of each request name in that second. */
export function p99Output(write: (line: string) => void): Output {
  return {
    name: 'p99',
    start(meta) {
      write(`${meta.test}: started`);
    },
    interval(view) {
      const now = view.run.interval; // the second just merged; view.run.cumulative: the run so far
      for (const name of Object.keys(view.byName).sort()) {
        const p99 = now.query('http_req_duration', { name })?.histogram?.percentile(99);
        if (p99 !== undefined) write(`${view.index} ${name} p99 ${p99}ms`);
      }
    },
    end(results) {
      write(`${results.meta.test}: ${results.meta.outcome}`);
    },
  };
}
