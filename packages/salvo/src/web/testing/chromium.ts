import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/**
 * Debian's Chromium, headless, for the page's browser tests (the report here, the live
 * dashboard in web/dashboard/): installed by `scripts/setup.sh test` when missing. Nothing
 * it does reaches the network: no first-run, sync, component updates or QUIC.
 */

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where tests keep screenshots (gitignored): test-artifacts/ at the repository's root. */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../../../../test-artifacts/', import.meta.url));

export interface Chromium {
  readonly browser: Browser;
  /** A fresh context (its own cookies and cache) at the size of a laptop or, with `phone`, a phone. */
  context(options?: { phone?: boolean; dark?: boolean }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `${CHROMIUM_PATH} is missing (run: sh scripts/setup.sh test)`;
}

export async function launchChromium(): Promise<Chromium> {
  // Playwright starts Chromium with a fresh temporary profile (--user-data-dir) of its own
  // and removes it on close; it refuses one passed in args.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    context: (options = {}) =>
      browser.newContext({
        viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
        deviceScaleFactor: options.phone ? 2 : 1,
        colorScheme: options.dark ? 'dark' : 'light',
      }),
    async close() {
      await browser.close();
    },
  };
}

/** Saves a full-page screenshot as test-artifacts/NAME.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A page opened from a file with no network: what it tried to reach and what it complained of. */
export interface OfflinePage {
  readonly page: Page;
  /** Requests to anything but file:, each refused. */
  readonly network: string[];
  /** Console errors and warnings, and uncaught page errors. */
  readonly problems: string[];
  /** performance.now() in the page when it first drew (body[data-ready]). */
  readonly readyMs: number;
}

/** Opens `file` in a fresh context, every non-file request refused, and waits for the first draw. */
export async function openOffline(
  chromium: Chromium,
  file: string,
  options: { phone?: boolean; dark?: boolean } = {},
): Promise<OfflinePage> {
  const context = await chromium.context(options);
  const page = await context.newPage();
  const network: string[] = [];
  const problems: string[] = [];
  await page.route('**', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    network.push(url);
    return route.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`file://${file}`);
  await page.waitForSelector('body[data-ready]');
  const readyMs = await page.evaluate(() => performance.now());
  return { page, network, problems, readyMs };
}
