export const MAIN_HELP = `salvo: load testing for HTTP services

Usage:
  salvo run <test.ts> [options]     run a test written in TypeScript
  salvo run --url <URL> [options]   a quick run without a file
  salvo version                     print the version
  salvo help                        this text

Run \`salvo run --help\` for the options of a run.
Exit codes: 0 passed; 99 failed (a threshold crossed or saw no data, abortOnFail, or nothing
succeeded); 1 error before the run (one line per problem, see docs/errors.md); 2 interrupted
or a runner failed; 130 stopped before the load started.
`;

export const RUN_HELP = `Usage: salvo run <test.ts> [options]
       salvo run --url <URL> [options]

Load:
  -u, --vus N            virtual users (quick run default 10; overrides a test without scenarios)
  -d, --duration D       how long, e.g. 30s, 1m30s, or 90 (seconds) (quick run default 10s)
  -i, --iterations N     total iterations shared by the VUs instead of a duration
  -r, --rate R           quick run: R requests per second (open model, --vus pre-allocated)
      --max-vus N        quick run with --rate: VUs it may grow to (default 10 x --vus)
  -w, --workers N|auto   runner threads (default auto: one per core)

Quick run request:
      --url URL          the target
  -X, --method M         default GET
  -H, --header 'K: V'    repeatable
      --body TEXT        request body

HTTP:
      --transport T      auto (default), lean or undici
  -k, --insecure         do not verify TLS certificates

Output:
  -o, --out KIND=FILE    json=results.json or csv=results.csv (repeatable)
  -q, --quiet            no progress and no summary
      --no-color         no colours in the summary
`;
