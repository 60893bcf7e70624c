/**
 * `npm run demo`: the whole story on one machine with nothing else to start. The LLM
 * simulator and the blog come up in this process on free loopback ports, Salvo runs the
 * blog's load test against them as a user would (`salvo run ...`, scraping the blog's
 * /metrics), and the summary, the results JSON, the CSV and the HTML report are left in
 * demo-results/.
 *   DEMO_DURATION=60s npm run demo   for a longer run
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startBlog } from '@salvo/blog';
import { startLlmSim } from '@salvo/llm-sim';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = `${root}demo-results`;
const salvoBin = `${root}packages/salvo/bin/salvo.js`;
const loadTest = `${root}examples/blog/load/blog.ts`;

const sim = await startLlmSim({ port: 0 });
const blog = await startBlog({ ollamaHost: sim.url, seed: true, logger: false });
process.stdout.write(`LLM simulator  ${sim.url}\nblog           ${blog.url}\n\n`);
mkdirSync(resultsDir, { recursive: true });

const exitCode = await new Promise<number>((resolve) => {
  // the command itself, as `npx salvo` starts it (npm run puts the pinned Node first on the PATH)
  const child = spawn(
    salvoBin,
    [
      'run',
      loadTest,
      // the blog's own metrics beside the client's (docs/scrape.md)
      '--scrape',
      `${blog.url}/metrics`,
      '--out',
      `json=${resultsDir}/results.json`,
      '--out',
      `csv=${resultsDir}/results.csv`,
      '--out',
      `html=${resultsDir}/report.html`,
    ],
    { stdio: 'inherit', env: { ...process.env, BLOG_URL: blog.url } },
  );
  // Ctrl-C reaches the child too (same terminal); it stops gracefully and still writes results
  process.on('SIGINT', () => {});
  child.on('close', (code) => resolve(code ?? 1));
});

await blog.close();
await sim.close();
process.stdout.write(
  `\nresults: ${resultsDir}/results.json and results.csv (salvo exit code ${exitCode})\n` +
    `report:  ${resultsDir}/report.html (open it in a browser: file://${resultsDir}/report.html)\n`,
);
process.exitCode = exitCode;
