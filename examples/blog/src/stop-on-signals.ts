/**
 * Stops the servers on SIGINT or SIGTERM (once), then exits: 0 when they closed cleanly,
 * 1 with a one-line message when they did not.
 */
export function stopOnSignals(close: () => Promise<unknown>): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`error while stopping: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
