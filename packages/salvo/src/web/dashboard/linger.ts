import type { Dashboard } from './server.ts';

/**
 * Keeps a finished run's dashboard up for `lingerMs` (`--dashboard-linger`), so the final
 * figures can still be looked at, then closes it; Ctrl-C (or SIGTERM) closes it sooner.
 * A run that never ended (it failed before its end) has nothing to show: it closes at once.
 */
export async function closeAfterLinger(
  dashboard: Dashboard,
  lingerMs: number,
  note: (line: string) => void,
): Promise<void> {
  if (dashboard.ended && lingerMs > 0) {
    note(`dashboard: the final results stay at ${dashboard.url} for ${lingerMs / 1000} s (Ctrl-C to close)`);
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        process.off('SIGINT', done);
        process.off('SIGTERM', done);
        resolve();
      };
      const timer = setTimeout(done, lingerMs);
      process.on('SIGINT', done);
      process.on('SIGTERM', done);
    });
  }
  await dashboard.close();
}
