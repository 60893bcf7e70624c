import { SalvoError } from '../errors.ts';
import type { Output } from '../outputs/index.ts';
import { parseDuration } from '../plan/duration.ts';
import { durationFlag, type RunValues } from './args.ts';

export interface DashboardFlags {
  readonly port: number;
  readonly host: string;
  readonly open: boolean;
  /** How long the page stays up after the run (0: it closes as the command exits). */
  readonly lingerMs: number;
}

/** The dashboard's flags (docs/dashboard.md); undefined without `--dashboard`. */
export function dashboardFlags(values: RunValues): DashboardFlags | undefined {
  if (values.dashboard === undefined) {
    const given = (['dashboard-host', 'dashboard-open', 'dashboard-linger'] as const).find(
      (flag) => values[flag] !== undefined,
    );
    if (given) throw new SalvoError('SALVO_ERR_USAGE', `--${given} needs --dashboard`);
    return undefined;
  }
  const port = Number(values.dashboard);
  if (values.dashboard.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `--dashboard=PORT must be a port number 0-65535 (0: a free one), got ${values.dashboard}`,
    );
  }
  const linger = values['dashboard-linger'];
  return {
    port,
    host: values['dashboard-host'] ?? '127.0.0.1',
    open: values['dashboard-open'] === true,
    lingerMs:
      linger === undefined || linger.trim() === '0'
        ? 0
        : parseDuration(durationFlag(linger, 'dashboard-linger')!, '--dashboard-linger'),
  };
}

/** A started dashboard as the command uses it. */
export interface CliDashboard {
  readonly output: Output;
  stopping(): void;
  /** After the run: keeps the page up for `--dashboard-linger`, then closes it. */
  finish(): Promise<void>;
}

/**
 * Starts the dashboard (its module loads only with `--dashboard`), prints its address on
 * stderr and opens a browser when asked.
 */
export async function startCliDashboard(flags: DashboardFlags): Promise<CliDashboard> {
  const { startDashboard, openBrowser, closeAfterLinger } = await import('../web/dashboard/index.ts');
  const note = (line: string) => process.stderr.write(`${line}\n`);
  const dashboard = await startDashboard({ port: flags.port, host: flags.host });
  note(`dashboard: ${dashboard.url}`);
  if (flags.open) openBrowser(dashboard.url, note);
  return {
    output: dashboard.output,
    stopping: () => dashboard.stopping(),
    finish: () => closeAfterLinger(dashboard, flags.lingerMs, note),
  };
}
