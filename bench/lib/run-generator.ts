import { join } from 'node:path';
import type { Generator, GeneratorContext } from './generators.ts';
import { runMeasured } from './measure.ts';
import { reqPerCpuSecond } from './report.ts';
import type { BenchRow } from './types.ts';

export interface Placement {
  core: number;
  nofile: number;
}

/** The line of a failed tool's output that most likely says why (Node ends stack traces with its version). */
export function whyLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const line = lines.find((l) => /error|unable|cannot|refused|not found/i.test(l)) ?? lines.at(-1) ?? '';
  return line.slice(0, 200);
}

/**
 * Runs one generator (`command` overrides its usual command line, for the goal runs),
 * measured from outside, and parses what it reports.
 */
export async function runGenerator(
  generator: Generator,
  ctx: GeneratorContext,
  placement: Placement,
  label = generator.name,
  command = generator.command(ctx, join(ctx.workDir, `${label}.json`)),
): Promise<BenchRow> {
  const resultFile = join(ctx.workDir, `${label}.json`);
  const result = await runMeasured({
    ...command,
    core: placement.core,
    nofile: placement.nofile,
    timeoutMs: ctx.durationS * 1000 + 60_000,
    cwd: ctx.workDir,
  });
  if (result.timedOut) return { tool: label, status: 'failed', reason: 'timed out', usage: result.usage };
  try {
    const report = generator.parse({ stdout: result.stdout, stderr: result.stderr, resultFile });
    const perCpu = reqPerCpuSecond(report, result.usage, ctx.durationS) ?? undefined;
    return { tool: label, status: 'ok', report, usage: result.usage, reqPerCpuSecond: perCpu };
  } catch (error) {
    // A tool that exited non-zero says why in its output; otherwise the parser does.
    const output = whyLine(result.stderr) || whyLine(result.stdout);
    const parseError = error instanceof Error ? error.message : String(error);
    const reason = result.exitCode === 0 ? parseError : `exit ${result.exitCode}: ${output || parseError}`;
    return { tool: label, status: 'failed', reason, usage: result.usage };
  }
}
