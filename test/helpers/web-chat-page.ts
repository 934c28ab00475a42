import type { BrowserContext, Page } from 'playwright-core';
import type { ListeningGateway } from './listening-gateway.js';

/** The key of the browser tests' tenant. */
export const API_KEY = 'shop-public-key';

/** One tenant that allows exactly `origin`, in eu-west-2, offering plain text and Markdown. */
export const shopTenants = (origin: string) => ({
  tenants: [
    {
      id: 'shop',
      name: 'Shop',
      apiKeys: [API_KEY],
      allowedOrigins: [origin],
      connect: { region: 'eu-west-2', instanceId: 'shop-instance', contactFlowId: 'shop-flow' },
      chat: { supportedContentTypes: ['TEXT_PLAIN', 'TEXT_MARKDOWN'] },
    },
  ],
});

/** The example page at `origin`, told the gateway's URL and key by its query string. */
export const pageUrl = (origin: string, gateway: ListeningGateway) =>
  `${origin}/?gateway=${encodeURIComponent(gateway.url)}&apiKey=${API_KEY}`;

/**
 * Stands in for the CORS rule of Connect's attachment storage, which the simulator's upload and
 * download URLs lack: a browser PUTs the bytes straight to that storage from the page's origin
 * (chatjs does the same), so the real bucket answers with `access-control-allow-origin`. Without
 * it the browser refuses the simulator's answer and the page says "the file storage cannot be
 * reached". (Playwright answers the preflight itself once a context routes requests.)
 */
export async function allowStorageCors(context: BrowserContext, simulatorUrl: string) {
  await context.route(`${simulatorUrl}/connect-attachments/**`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'access-control-allow-origin': '*' } });
  });
}

/** The page's kept participant token (sessionStorage), if any. */
export const keptToken = (page: Page) =>
  page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.endsWith(':token'));
    return key === undefined ? undefined : (sessionStorage.getItem(key) ?? undefined);
  });
