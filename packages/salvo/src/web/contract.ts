/**
 * The one UI in two modes (DESIGN.md, "Seeing it"): the same page shows a finished run
 * (the report: its data inline) or a running test (the live dashboard: its data over
 * server-sent events). This file is the contract between the page (web/page/) and the
 * dashboard server (web/dashboard/): what the page is given and what the server sends.
 *
 * The page always draws from a results document (results/document.ts, docs/results.md).
 * Live, it builds that document up: a `snapshot` first (everything so far, also for a
 * browser that connects late), then a `tick` each second, then `end` with the final one.
 */
import type { ResultsDocument, RunMeta } from '../results/index.ts';

/** A running test's document so far: no end, outcome or histograms yet. */
export interface LiveDocument extends Omit<ResultsDocument, 'meta' | 'histograms'> {
  readonly meta: RunMeta & { readonly state: 'running' | 'stopping' };
}

/** Everything so far: sent to each browser when it connects. */
export interface LiveSnapshot {
  readonly type: 'snapshot';
  readonly doc: LiveDocument;
}

/**
 * One second (or more, when the server fell behind): `series` has the shape of the
 * document's `series`, each array holding only the new entries, to append at the same
 * path (a request name seen for the first time starts here: pad its earlier seconds
 * with null). `metrics`, `errors`, `checks` and `generator` replace the page's (they are
 * whole-run figures so far, each metric entry with its thresholds' states as evaluated
 * so far, as in the document); `meta` too (its `state` says when a stop began).
 */
export interface LiveTick {
  readonly type: 'tick';
  readonly meta: LiveDocument['meta'];
  readonly series: ResultsDocument['series'];
  readonly metrics: ResultsDocument['metrics'];
  readonly errors: ResultsDocument['errors'];
  readonly checks: ResultsDocument['checks'];
  readonly generator: ResultsDocument['generator'];
  /**
   * `--scrape` runs only: the server section's new points since the last tick (each series
   * by its index in the document's `server.series`, its `points` holding only the new ones;
   * a series seen for the first time comes whole), and the targets' counts, which replace
   * the page's. Built with `serverTail` from `view.run.server()` (docs/outputs.md).
   */
  readonly server?: ResultsDocument['server'];
}

/** The run ended: the final document, exactly what `--out json` writes. */
export interface LiveEnd {
  readonly type: 'end';
  readonly doc: ResultsDocument;
}

/** One server-sent event's data (JSON); the SSE event name is its `type`. */
export type LiveMessage = LiveSnapshot | LiveTick | LiveEnd;

/** How the page is made: `renderPage(options)` in web/page/ returns the whole HTML file. */
export type PageOptions =
  | {
      /** The report: one self-contained file, its data inline, no network needed. */
      readonly mode: 'report';
      readonly doc: ResultsDocument;
    }
  | {
      /** The live dashboard, served by the running test. */
      readonly mode: 'live';
      /** Path of the SSE stream of LiveMessage on the same origin, e.g. `/events`. */
      readonly eventsPath: string;
      /**
       * Path the stop button POSTs to, with `stopToken` in the `x-salvo-stop` header; the
       * server also checks Origin/Host and Sec-Fetch-Site, so no other page can press it.
       */
      readonly stopPath: string;
      readonly stopToken: string;
    };
