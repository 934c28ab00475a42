import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openRecordedPage, screenshot, serveWebChat } from './helpers/browser.js';
import { type ListeningGateway, startListeningGateway } from './helpers/listening-gateway.js';
import { pageUrl, SHOP_INSTANCE, shopTenants } from './helpers/web-chat-page.js';

const startChatPosts = (requests: { method: string; postData: string | null }[]) =>
  requests
    .filter((r) => r.method === 'POST' && r.postData?.includes('mutation StartChat'))
    .map((r) => JSON.parse(r.postData!) as { variables: { input: { clientToken: string } } });

describe('examples/web-chat in Chromium', () => {
  let browser: Browser;
  let web: Awaited<ReturnType<typeof serveWebChat>>;
  const gateways: ListeningGateway[] = [];
  const gatewayFor = async (env: Record<string, string> = {}) => {
    const gateway = await startListeningGateway({ tenants: shopTenants(web.origin), env });
    gateways.push(gateway);
    return gateway;
  };
  beforeAll(async () => {
    [browser, web] = await Promise.all([launchChromium(), serveWebChat()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    for (const gateway of gateways) await gateway.close();
  });

  it('(b) from an allowed origin starts one chat per click and shows it, with its contact and region', async () => {
    const gateway = await gatewayFor();
    const { page, requests, leaving, close } = await openRecordedPage(browser);
    try {
      await page.goto(pageUrl(web.origin, gateway));
      await expect.poll(() => page.locator('#settings-status').textContent()).toBe('Chats run in eu-west-2.');
      // chatSettings decides the content types offered: the tenant's two, nothing else.
      const offered = page.locator('#contentTypes input[name="contentType"]');
      expect(await offered.evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value))).toEqual([
        'TEXT_PLAIN',
        'TEXT_MARKDOWN',
      ]);

      await page.fill('#displayName', 'Ada');
      await page.fill('#initialMessage', 'Where is my order A-1001?');
      await page.getByLabel('Formatted text (Markdown)').check();
      const answered = page.waitForResponse((r) => r.request().postData()?.includes('mutation StartChat') ?? false);
      await page.locator('#start').dblclick();
      await answered;
      await page.locator('#chat').waitFor();
      await screenshot(page, 'b-web-chat-started');

      // A double click is one request, one clientToken, one contact.
      const [sent, ...more] = startChatPosts(requests);
      expect(more).toEqual([]);
      expect(sent?.variables.input.clientToken).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(gateway.simulator.received).toHaveLength(1);
      const [call] = gateway.simulator.received;
      expect(call).toMatchObject({
        region: 'eu-west-2',
        body: {
          InstanceId: SHOP_INSTANCE,
          ContactFlowId: 'shop-flow',
          ParticipantDetails: { DisplayName: 'Ada' },
          InitialMessage: { ContentType: 'text/plain', Content: 'Where is my order A-1001?' },
          SupportedMessagingContentTypes: ['text/plain', 'text/markdown'],
        },
      });
      expect(call?.error).toBeUndefined();

      // The chat instead of the form: its contact ID and region, the question asked first in the list.
      expect(await page.locator('#contact-id').textContent()).toBe(call?.contactId);
      expect(await page.locator('#region').textContent()).toBe('eu-west-2');
      expect(await page.locator('#start-form').isHidden()).toBe(true);
      await page.locator('#messages .text', { hasText: 'Where is my order A-1001?' }).waitFor();

      // The next chat is a new attempt: a new token, a second contact.
      await page.locator('#end-chat').click();
      await page.locator('#new-chat').click();
      await page.locator('#start').click();
      await expect.poll(() => gateway.simulator.received.length).toBe(2);
      await expect.poll(() => page.locator('#contact-id').textContent()).toBe(gateway.simulator.received[1]?.contactId);
      const tokens = startChatPosts(requests).map((p) => p.variables.input.clientToken);
      expect(new Set(tokens).size).toBe(2);
      expect(new Set(gateway.simulator.received.map((c) => c.contactId)).size).toBe(2);
      expect(leaving).toEqual([]);
    } finally {
      await close();
    }
  });

  it('(c) from a disallowed origin shows the refusal, and the simulator receives nothing', async () => {
    const gateway = await gatewayFor();
    const { page, requests, leaving, close } = await openRecordedPage(browser);
    // Same server, another origin: the tenant allows only http://127.0.0.1:<port>.
    const disallowed = `http://localhost:${web.port}`;
    try {
      await page.goto(pageUrl(disallowed, gateway));
      const problem = page.locator('#problem');
      await problem.waitFor();
      expect(await problem.textContent()).toBe(
        `The chat gateway refused this page: ${disallowed} is not an allowed origin for this key. ` +
          `The operator must add "${disallowed}" to the tenant's allowedOrigins.`,
      );

      // Trying anyway changes nothing: the browser's preflight is refused, no chat start is sent.
      // (After a blocked request the page probes /health to tell "refused" from "not running": on
      // load, once for chatSettings and once for chatAvailability.)
      const probes = () => requests.filter((r) => r.url.endsWith('/health')).length;
      await expect.poll(probes).toBe(2);
      await page.fill('#displayName', 'Mallory');
      await page.locator('#start').click();
      await expect.poll(probes).toBe(3);
      await expect.poll(() => page.locator('#start').isEnabled()).toBe(true);
      expect(await problem.textContent()).toContain('is not an allowed origin');
      await expect.poll(() => page.locator('#chat').isVisible()).toBe(false);
      await screenshot(page, 'c-web-chat-origin-refused');

      expect(gateway.simulator.received).toEqual([]);
      expect(gateway.simulator.count()).toBe(0);
      expect(gateway.log()).toContain('"status":403');
      expect(leaving).toEqual([]);
    } finally {
      await close();
    }
  });

  it('(d) renders the invalid-name, agents-busy and rate-limited states, with a countdown', async () => {
    // One chat start per minute per IP: the agents-busy attempt reaches Connect and spends it.
    const gateway = await gatewayFor({ RATE_LIMIT: 'on', RATE_LIMIT_IP_PER_MINUTE: '1' });
    const { page, close } = await openRecordedPage(browser);
    const problem = page.locator('#problem');
    const secondsLeft = async () => Number(/in (\d+) seconds/.exec((await problem.textContent()) ?? '')?.[1]);
    const submitAndWait = async (p: Page) => {
      const answered = p.waitForResponse((r) => r.request().postData()?.includes('mutation StartChat') ?? false);
      await p.locator('#start').click();
      await answered;
    };
    try {
      await page.clock.install();
      await page.goto(pageUrl(web.origin, gateway));
      await expect.poll(() => page.locator('#settings-status').textContent()).toBe('Chats run in eu-west-2.');

      // Invalid name: refused by the gateway before any limit or Connect; the field is highlighted.
      await page.fill('#displayName', '   ');
      await submitAndWait(page);
      await expect.poll(() => problem.textContent()).toBe('Please check the highlighted field.');
      expect(await page.locator('#displayName').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#displayName-error').textContent()).not.toBe('');
      await screenshot(page, 'd-web-chat-invalid-name');
      expect(gateway.simulator.count()).toBe(0);

      // Agents busy: Connect's chat quota is full (LimitExceededException, never retried).
      gateway.simulator.faults.inject('chatLimit', { times: 1 });
      await page.fill('#displayName', 'Ada');
      await submitAndWait(page);
      await expect
        .poll(() => problem.textContent())
        .toBe('All our agents are busy right now. Please try again in a few minutes.');
      expect(await page.locator('#displayName').getAttribute('aria-invalid')).toBeNull();
      await screenshot(page, 'd-web-chat-agents-busy');
      expect(gateway.simulator.received.map((c) => c.error)).toEqual(['LimitExceededException']);

      // Rate limited: the gateway refuses before Connect; Start waits out a visible countdown.
      await submitAndWait(page);
      await expect
        .poll(() => problem.textContent())
        .toMatch(/^Too many chat requests right now\. Try again in \d+ seconds\.$/);
      const first = await secondsLeft();
      expect(first).toBeGreaterThan(2);
      expect(await page.locator('#start').isDisabled()).toBe(true);
      await screenshot(page, 'd-web-chat-rate-limited');
      await page.clock.runFor(2_000);
      const later = await secondsLeft();
      expect(later).toBeLessThanOrEqual(first - 2);
      await page.clock.runFor(first * 1000);
      expect(await problem.textContent()).toBe('You can try again now.');
      expect(await page.locator('#start').isEnabled()).toBe(true);
      expect(gateway.simulator.count()).toBe(1);
      expect(gateway.log()).toContain('chat start refused by a rate limit');
    } finally {
      await close();
    }
  });
});
