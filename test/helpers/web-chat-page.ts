import type { Page } from 'playwright-core';
import { DEMO_HOURS_OF_OPERATION_ID, DEMO_QUEUE_ID } from '../../src/simulator/index.js';
import type { ListeningGateway } from './listening-gateway.js';

/** The key of the browser tests' tenant. */
export const API_KEY = 'shop-public-key';

/**
 * The Connect instance of the browser tests' tenant; the simulator gives it its demo hours and
 * queue. An ID as Connect's are: GetContactMetrics (the queue position) refuses any other.
 */
export const SHOP_INSTANCE = '5e1f0a2b-7c3d-4e8f-9a6b-0c1d2e3f4a5b';

/**
 * One tenant that allows exactly `origin`, in eu-west-2, offering plain text and Markdown, on the
 * simulator's demo hours (always open) and queue; `more` adds or replaces top-level tenant fields
 * (`availability`, `auth`…).
 */
export const shopTenants = (origin: string, more: Record<string, unknown> = {}) => ({
  tenants: [
    {
      id: 'shop',
      name: 'Shop',
      apiKeys: [API_KEY],
      allowedOrigins: [origin],
      connect: {
        region: 'eu-west-2',
        instanceId: SHOP_INSTANCE,
        contactFlowId: 'shop-flow',
        queueId: DEMO_QUEUE_ID,
        hoursOfOperationId: DEMO_HOURS_OF_OPERATION_ID,
      },
      chat: { supportedContentTypes: ['TEXT_PLAIN', 'TEXT_MARKDOWN'] },
      ...more,
    },
  ],
});

/** The example page at `origin`, told the gateway's URL and key (and a signed-in customer's JWT) by its query string. */
export const pageUrl = (origin: string, gateway: Pick<ListeningGateway, 'url'>, options: { jwt?: string } = {}) =>
  `${origin}/?gateway=${encodeURIComponent(gateway.url)}&apiKey=${API_KEY}` +
  (options.jwt ? `&jwt=${encodeURIComponent(options.jwt)}` : '');

/** The page's kept participant token (sessionStorage), if any. */
export const keptToken = (page: Page) =>
  page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.endsWith(':token'));
    return key === undefined ? undefined : (sessionStorage.getItem(key) ?? undefined);
  });

/** The texts of the page's messages (`who: text`), in order. */
export const chatMessages = (page: Page) =>
  page
    .locator('#messages li.message')
    .evaluateAll((items) =>
      items.map((li) => `${li.querySelector('.who')?.textContent}: ${li.querySelector('.text, .file')?.textContent}`),
    );

/** The page's message line whose text (or file name) is exactly `text`. */
export const messageLine = (page: Page, text: string) =>
  page.locator('#messages li.message').filter({
    has: page.locator('.text, .file', { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
  });
