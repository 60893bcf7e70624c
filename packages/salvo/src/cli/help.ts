export const MAIN_HELP = `salvo: load testing for HTTP services

Usage:
  salvo run <test.ts> [options]     run a test written in TypeScript
  salvo run --url <URL> [options]   a quick run without a file
  salvo report <results.json> -o <report.html>
                                    the HTML report of saved results
  salvo sweep <test.ts>|--url <URL>
                                    throughput and latency against concurrency: knee, USL fit
  salvo cache --url <URL> --key K   cold against warm requests per key: speed-up, hit ratio
  salvo capacity <test.ts>|--url <URL>
                                    the highest arrival rate at which an SLO holds
  salvo compare <A.json> <B.json> [C.json...]
                                    runs against the first, per request name
  salvo runner --redis <URL>        a runner for cluster runs (docs/cluster.md)
  salvo cluster status --redis <URL>
                                    the runners and runs of a cluster
  salvo proxy --listen HOST:PORT --target URL [--fault ...]
                                    the fault-injection proxy (docs/proxy.md)
  salvo version                     print the version
  salvo help                        this text

Run \`salvo run --help\` for the options of a run, \`salvo sweep --help\` and so on for the suites.
Exit codes: 0 passed; 99 failed (a threshold crossed or saw no data, abortOnFail, or nothing
succeeded); 1 error before the run (one line per problem, see docs/errors.md); 2 interrupted
or a runner failed; 130 stopped before the load started.
`;

export const RUN_HELP = `Usage: salvo run <test.ts> [options]
       salvo run --url <URL> [options]

Load:
  -u, -c, --vus N         virtual users, a quick run's connections (quick run default 10)
  -d, --duration D        how long: 30s, 1m30s, or 90 (seconds) (quick run default 10s)
  -i, -n, --iterations N  total iterations (a quick run's requests) instead of a duration
  -r, -R, --rate R        quick run: R requests per second (open model, --vus pre-allocated)
      --max-vus N         quick run with --rate: VUs it may grow to (default 10 x --vus)
      --stage D:N         ramp to N VUs over D, e.g. --stage 30s:50 (repeatable; k6's ramp)
      --users N           Locust's ramp: up to N VUs at --spawn-rate a second, held until --duration
      --spawn-rate R      VUs started a second with --users (default 1)
  -w, --workers N|auto    runner threads (default auto: one per core)
      --cluster URL       run on \`salvo runner\` machines that meet at this Redis (docs/cluster.md)
      --runners-min N     with --cluster: wait for N idle runners (default 1), then use all idle ones
      --on-runner-lost A  with --cluster: reassign (default: its share goes to the live runners) or stop

Test file:
  -e, --env KEY=VALUE     process.env.KEY for the test file, in every thread (repeatable)
      --no-thresholds     do not evaluate the thresholds (they neither fail nor abort the run)

Quick run request:
      --url URL           the target
  -X, -m, --method M      default GET
  -H, --header 'K: V'     repeatable
  -b, --body TEXT         request body
      --body-file PATH    request body read from a file

HTTP:
  -t, --timeout D         whole-request timeout: 5s, or 5 (seconds) (default 60s)
  -p, --pipelining N      requests in flight on a connection (lean; quick run: N an iteration)
      --http2             HTTP/2 with https:// targets (ALPN)
      --h2c               HTTP/2 with http:// targets too, in plain text (prior knowledge)
      --transport T       auto (default), lean or undici
  -k, --insecure          do not verify TLS certificates
      --http-debug[=full] each request's and response's head on stderr (=full: bodies, secrets)

Output:
  -o, --out KIND=FILE     json=, csv= (per second), csv-stats=, csv-failures=, html= (repeatable)
      --out KIND=URL      push while it runs: prometheus-rw= (remote write), otlp= (OTLP/HTTP)
      --csv PREFIX        Locust's: PREFIX_stats.csv, PREFIX_failures.csv, PREFIX_history.csv
      --scrape URL        also scrape the service's Prometheus metrics during the run (repeatable)
      --tag NAME=VALUE    a tag on every sample of the run (repeatable)
      --ab B_URL[:SHARE]  A/B: also send SHARE of the iterations (default 0.5) to B_URL instead of
                          the test's base URL, samples tagged target A/B, a verdict per name (docs/ab.md)
      --faults-from URL   a standalone \`salvo proxy\`'s control URL: its log of resets, timeouts and
                          blackholes makes those failures injected, not real (docs/proxy.md#standalone)
  -q, --quiet             no progress and no summary
      --no-summary        no end-of-test summary (progress stays)
      --summary-trend-stats avg,med,p(95),p(99.99),...
                          the summary's trend columns, in order (k6's; also count, min, max)
      --latency           after the summary, the latency distribution (wrk's): p50 to p100, bars
      --no-color          no colours in the summary
      --dashboard[=PORT]  a live page of the run (default port 5665; 0: a free one)
      --dashboard-host H  the address it listens on (default 127.0.0.1: this machine only)
      --dashboard-open    open it in a browser
      --dashboard-linger D  keep it up D after the run (default 0: closes when salvo exits)
  -h, --help              this text
`;

export const REPORT_HELP = `Usage: salvo report <results.json> -o <report.html>

Writes the HTML report of a run from its results document (--out json=FILE): one file
with its data, scripts and styles inline that opens in a browser with no network, the
same bytes --out html=FILE wrote at the end of that run (docs/report.md).

  -o, --out FILE   the report to write
  -h, --help       this text
`;

export const COMPARE_HELP = `Usage: salvo compare <baseline.json> <candidate.json> [more.json...] [options]
       salvo compare <ab-run.json> [options]

Compares each run (results documents from --out json=FILE) with the first, per request
name: req/s, p50, p95, p99 (whole-run HDR histograms) and the error rate, each with a
verdict that accounts for run-to-run noise (Mann-Whitney U on the per-second figures and a
bootstrap interval of the change; docs/compare.md). An A/B run alone compares its targets.
Lists the change points each run found in itself.

      --tolerance P        change in latency or req/s that is no regression: 10% or 0.1 (default 10%)
      --error-tolerance P  rise of the error rate that is no regression: 1% or 0.01 (default 1%)
      --figures LIST       the figures judged, of rps,p50,p95,p99,errors (default all)
  -o, --out KIND=FILE      json= (the comparison as data), html= (a page) (repeatable)
      --no-color           no colours in the table
  -h, --help               this text

Exit codes: 0 no regression; 99 a figure regressed beyond the tolerance; 1 bad input.
`;

export const PROXY_HELP = `Usage: salvo proxy --listen HOST:PORT --target URL [--fault KIND:K=V,...]...

Forwards every connection to the service, injecting faults into a share of requests or
connections; every injected fault is marked (docs/proxy.md). Runs until Ctrl-C.

  -l, --listen HOST:PORT  where it listens (PORT alone: 127.0.0.1)
  -t, --target URL        the service, http://host:port
      --control PORT      its control port on 127.0.0.1: GET and PUT /faults, GET /faults/log
                          (default: a free one, printed; \`salvo run --faults-from\` reads it)
  -f, --fault SPEC        a fault, KIND[:KEY=VALUE,...] (repeatable), e.g.
                          latency:delay=200ms,jitter=50ms,distribution=normal,share=30%
                          http-error:status=503,route=GET /api/posts/:id,from=20s,to=40s
                          kinds: latency, bandwidth, reset, timeout, http-error,
                          slow-first-byte, truncate, blackhole
      --faults FILE       faults from a JSON list (the same settings)
      --log FILE          append one JSON line per reset, stalled request, blackhole and cut
                          (time, client address and port, kind, fault name, request line)
  -h, --help              this text
`;
