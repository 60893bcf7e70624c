import { spawn } from 'node:child_process';

/** The command that opens a URL in the desktop's browser, by platform. */
function opener(url: string): [string, string[]] {
  if (process.platform === 'darwin') return ['open', [url]];
  // `start` is a cmd built-in; its first quoted argument is a window title
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""', url]];
  return ['xdg-open', [url]];
}

/**
 * Opens `url` in a browser where there is one (`--dashboard-open`), never waiting for it;
 * where there is none (a server, CI), `note` gets one line and the run goes on.
 */
export function openBrowser(url: string, note: (line: string) => void): void {
  const [command, args] = opener(url);
  const failed = (why: string) =>
    note(`dashboard: could not open a browser (${command} ${why}); open ${url}`);
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', (error: NodeJS.ErrnoException) =>
    failed(error.code === 'ENOENT' ? 'not found' : error.message),
  );
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) failed(`exited with ${code}`);
  });
  child.unref();
}
