import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createServer } from 'vite';

/** Debian's Chromium (`apt-get install -y chromium`); a browser is never downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Screenshots of the browser tests (git-ignored). */
export const ARTEFACTS_DIR = fileURLToPath(new URL('../artefacts/', import.meta.url));

const WEB_CHAT_CONFIG = fileURLToPath(new URL('../../examples/web-chat/vite.config.ts', import.meta.url));

/** Launches Chromium headless; fails (never skips) when it is not installed. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} not found: the browser tests need Debian's Chromium (apt-get install -y chromium)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The host a request goes to; a `blob:` URL is its creator's origin, `data:` goes nowhere. */
function hostOf(url: string): string | undefined {
  const parsed = new URL(url);
  if (parsed.protocol === 'data:') return undefined;
  if (parsed.protocol === 'blob:') return new URL(parsed.pathname).hostname;
  return parsed.hostname;
}

/**
 * A page in a fresh context that records every request it makes. Requests to anything but
 * loopback are aborted (nothing leaves the machine) and listed in `leaving`.
 */
export async function openRecordedPage(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  // Generous for a busy machine (GraphiQL's page is 9 MB), yet inside the test timeout, so a
  // missing element fails with Playwright's own message.
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
  const requests: { method: string; url: string; postData: string | null }[] = [];
  const leaving: string[] = [];
  await context.route('**/*', (route) => {
    const host = hostOf(route.request().url());
    if (host === undefined || LOOPBACK.has(host)) return route.continue();
    leaving.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('request', (request) =>
    requests.push({ method: request.method(), url: request.url(), postData: request.postData() }),
  );
  return {
    page,
    requests,
    leaving,
    /** Hosts of every recorded request (`data:` URLs excluded: they go nowhere). */
    hosts: () => [...new Set(requests.map((r) => hostOf(r.url)).filter((h) => h !== undefined))],
    close: () => context.close(),
  };
}

/** Writes a full-page screenshot to test/artefacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTEFACTS_DIR, { recursive: true });
  const path = `${ARTEFACTS_DIR}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Serves examples/web-chat with Vite's dev server (its own config, as `npm run example` does) on
 * 127.0.0.1 port 0. The page is reachable as `http://127.0.0.1:<port>` and, as a second origin of
 * the same server, `http://localhost:<port>`.
 */
export async function serveWebChat() {
  const server = await createServer({
    configFile: WEB_CHAT_CONFIG,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
  });
  await server.listen();
  const { port } = server.httpServer!.address() as AddressInfo;
  return { port, origin: `http://127.0.0.1:${port}`, close: () => server.close() };
}
