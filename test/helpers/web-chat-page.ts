import type { Page } from 'playwright-core';
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

/** The page's kept participant token (sessionStorage), if any. */
export const keptToken = (page: Page) =>
  page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.endsWith(':token'));
    return key === undefined ? undefined : (sessionStorage.getItem(key) ?? undefined);
  });
