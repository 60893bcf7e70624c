const COMMON = `HTTP (--url):
  -X, --method M          default GET
  -H, --header 'K: V'     repeatable
  -b, --body TEXT         request body
  -t, --timeout D         whole-request timeout (default 60s)
      --transport T       auto (default), lean or undici
  -k, --insecure          do not verify TLS certificates

Output:
  -o, --out KIND=FILE     json=FILE (the suite's document) or html=FILE (its report) (repeatable)
  -q, --quiet             no line per step and no summary
  -h, --help              this text
`;

export const SWEEP_HELP = `Usage: salvo sweep <test.ts> [options]
       salvo sweep --url <URL> [--url <URL> ...] [options]

Runs the test, or each URL, at a series of concurrency levels, each after a short
warm-up, and reports per level throughput, p50/p95/p99, error rate and the generator's
own load; then per endpoint the knee and the Universal Scalability Law fit (docs/suites.md).

Levels:
      --levels N,N,...    VUs (closed) or requests a second (open) (default 1,5,10,20,50,100,200)
      --model M           closed (default: N VUs back to back) or open (N requests a second)
  -d, --duration D        measured time per level (default 10s)
      --warmup D          warm-up before each level, not measured (default 2s; 0: none)
  -w, --workers N|auto    runner threads (default auto: one per core)
  -e, --env KEY=VALUE     process.env.KEY for the test file (repeatable)
      --url URL           a target (repeatable: one line per endpoint in the charts)

${COMMON}`;

export const SUITE_CACHE_HELP = `Usage: salvo cache --url <URL> --key K [--key K ...] [options]

For each key, one cold request then --warm requests one after another, {key} in the URL
(percent-encoded) or the body (as it is) replaced by the key: cold and warm latency, the
speed-up with a 95 % bootstrap interval, and with --scrape the hit ratio the service
counted (cache_hits_total, cache_misses_total) (docs/suites.md). Use keys the cache has
not seen: the first request of each must be a miss.

Keys:
      --url URL           the request, {key} in it or in --body
      --key K             a key (repeatable)
      --keys-file FILE    one key a line
      --warm N            warm requests per key (default 10)
      --scrape URL        the service's Prometheus endpoint, read before and after

${COMMON}`;

export const CAPACITY_HELP = `Usage: salvo capacity <test.ts> [options]
       salvo capacity --url <URL> [options]

The highest arrival rate at which the SLO holds: steps from --start-rate, each --factor
times the last, until one fails, then bisection of the bracket to --precision. Each step
is an open-model run judged by the SLO; it stops early when the load generator, not the
service, saturates, and says so (docs/suites.md).

Search:
      --slo EXPR          [METRIC:]EXPRESSION, threshold syntax (repeatable), e.g. p(99)<500,
                          rate<0.01, http_req_duration{name:/x}:p(95)<200 (default
                          response_time:p(99)<500 and http_req_failed:rate<0.01)
      --start-rate R      first step, requests a second (default 10)
      --factor F          each ramp step F times the last (default 2)
      --max-rate R        the highest rate tried (default 100000)
      --precision P       bisect until the bracket is within P of its low end (default 0.05)
  -d, --duration D        judged time per step (default 10s)
      --warmup D          warm-up before each step, not judged (default 2s; 0: none)
  -w, --workers N|auto    runner threads (default auto: one per core)
  -e, --env KEY=VALUE     process.env.KEY for the test file (repeatable)
      --url URL           the target

${COMMON}`;
