/**
 * The live dashboard (docs/dashboard.md): a page served by the running test, updated each
 * second over server-sent events, with `/metrics` and a guarded stop button on the same port.
 *
 * @example
 * const dashboard = await startDashboard({ port: 0 });
 * const running = await startTest({ ...settings, outputs: [dashboard.output] });
 * await running.done;
 * await closeAfterLinger(dashboard, 0, console.error);
 */
export { closeAfterLinger } from './linger.ts';
export { openBrowser } from './open-browser.ts';
export { type Dashboard, type DashboardOptions, startDashboard } from './server.ts';
