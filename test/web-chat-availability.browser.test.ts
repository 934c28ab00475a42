import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HOURS_OF_OPERATION_ID } from '../src/simulator/index.js';
import { launchChromium, openRecordedPage, screenshot, serveWebChat } from './helpers/browser.js';
import type { ListeningGateway } from './helpers/listening-gateway.js';
import { startWebChatGateway } from './helpers/web-chat-gateway.js';
import { API_KEY, pageUrl, SHOP_INSTANCE, shopTenants } from './helpers/web-chat-page.js';

/*
 * The example page before and while waiting: whether chat is open (the simulator's hours of
 * operation, changed through its control API), and the chat's place in the queue while no agent
 * has it (the scripted agent off; the test lets agents join). Every wait is for a state of the
 * page, with a 60 s deadline.
 */

const AGENT = 'Sam (simulated agent)';
const DEADLINE = { timeout: 60_000 };
const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
const two = (n: number) => String(n).padStart(2, '0');

/** The hour of the day now on `timeZone`'s wall clock. */
const hourIn = (timeZone: string) =>
  Number(new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));

/** Hours open every day from `from` for `length` hours (an end at or before the start is the next day). */
const dailyHours = (timeZone: string, from: number, length: number) => ({
  hoursOfOperationId: DEMO_HOURS_OF_OPERATION_ID,
  name: 'Test hours',
  timeZone,
  config: WEEKDAYS.map((day) => ({ day, start: `${two(from % 24)}:00`, end: `${two((from + length) % 24)}:00` })),
});

/** The browser's time zone: hours on the same clock need no "Times are … time." note. */
const browserZone = (page: Page) => page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);

describe('examples/web-chat: availability and the queue in Chromium', () => {
  let browser: Browser;
  let web: Awaited<ReturnType<typeof serveWebChat>>;
  const gateways: ListeningGateway[] = [];
  const gatewayFor = async (options: Parameters<typeof startWebChatGateway>[0]) => {
    const gateway = await startWebChatGateway(options);
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

  it('(h) says whether chat is open: open on the demo hours, until when, closed with the next opening, and a refused start', async () => {
    const { page, leaving, close } = await openRecordedPage(browser);
    const hours = page.locator('#hours');
    try {
      // The simulator's demo hours are always open: no end within the week to name. The demo queue's figures.
      const demo = await gatewayFor({ tenants: shopTenants(web.origin) });
      await page.goto(pageUrl(web.origin, demo));
      await expect.poll(() => hours.textContent(), DEADLINE).toBe("We're open.");
      expect(await page.locator('#agents').textContent()).toBe('2 agents online, 1 available, 0 customers waiting.');
      expect(await page.locator('#start').isEnabled()).toBe(true);
      await screenshot(page, 'h-web-chat-open');
      const zone = await browserZone(page);

      // Open from this hour for two hours: "until" the end of that period.
      const now = hourIn(zone);
      const openUntil = await gatewayFor({ tenants: shopTenants(web.origin) });
      openUntil.simulator.setHoursOfOperation(SHOP_INSTANCE, dailyHours(zone, now, 2));
      await page.goto(pageUrl(web.origin, openUntil));
      const end = now + 2;
      await expect
        .poll(() => hours.textContent(), DEADLINE)
        .toBe(
          end < 24
            ? `We're open until ${end}:00.`
            : end === 24
              ? "We're open until midnight."
              : `We're open until ${end - 24}:00 tomorrow.`,
        );

      // Closed now, open from three hours on; the tenant refuses starts while closed.
      const closed = await gatewayFor({
        tenants: shopTenants(web.origin, { availability: { refuseStartsWhenClosed: true, cacheSeconds: 5 } }),
      });
      const opens = hourIn(zone) + 3;
      closed.simulator.setHoursOfOperation(SHOP_INSTANCE, dailyHours(zone, opens, 1));
      await page.goto(pageUrl(web.origin, closed));
      const back = new RegExp(
        `^Chat is closed now\\. Back ${opens < 24 ? '' : 'tomorrow '}at ${opens % 24}:00 \\(in [23] h\\)\\.$`,
      );
      await expect.poll(() => hours.textContent(), DEADLINE).toMatch(back);
      // The form stays: the company decides whether a start is refused.
      expect(await page.locator('#start-form').isVisible()).toBe(true);
      await page.fill('#displayName', 'Ada');
      const answered = page.waitForResponse((r) => r.request().postData()?.includes('mutation StartChat') ?? false);
      await page.locator('#start').click();
      await answered;
      await expect.poll(() => page.locator('#problem').textContent(), DEADLINE).toMatch(back);
      await screenshot(page, 'h-web-chat-closed');
      expect(await page.locator('#chat').isHidden()).toBe(true);
      expect(closed.simulator.received).toEqual([]);
      expect(leaving).toEqual([]);
    } finally {
      await close();
    }
  });

  it('(i) shows the place in the queue while waiting, lower as agents take the chats ahead, gone once an agent joins', async () => {
    const gateway = await gatewayFor({ tenants: shopTenants(web.origin), simulator: { agent: { enabled: false } } });
    // Two customers ahead, started straight through the gateway.
    const ahead: string[] = [];
    for (const name of ['First', 'Second']) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify({
          query: `mutation { startChatContact(input: { participantDetails: { displayName: "${name}" } }) { ... on StartChatContactPayload { contactId } } }`,
        }),
      });
      ahead.push(
        ((await response.json()) as { data: { startChatContact: { contactId: string } } }).data.startChatContact
          .contactId,
      );
    }
    const { page, requests, leaving, close } = await openRecordedPage(browser);
    const queue = page.locator('#queue-status');
    const sessionChecks = () => requests.filter((r) => r.postData?.includes('query ChatSession')).length;
    try {
      await page.clock.install();
      await page.goto(pageUrl(web.origin, gateway));
      await page.locator('#start').waitFor();
      await page.fill('#displayName', 'Ada');
      await page.locator('#start').click();
      await page.locator('#chat').waitFor();
      expect(await page.locator('#chat-status').textContent()).toBe('Waiting for an agent…');
      const contactId = (await page.locator('#contact-id').textContent()) ?? '';
      expect(gateway.simulator.queuedContacts(SHOP_INSTANCE)).toEqual([...ahead, contactId]);

      // Third in line; each wait 300 s of handle time over 1 available agent.
      await expect
        .poll(() => queue.textContent(), DEADLINE)
        .toBe('You are number 3 in the queue. Estimated wait: about 15 min.');
      await screenshot(page, 'i-web-chat-queue');
      gateway.simulator.agentJoins(ahead[0]!);
      await expect
        .poll(() => queue.textContent(), DEADLINE)
        .toBe('You are number 2 in the queue. Estimated wait: about 10 min.');
      gateway.simulator.agentJoins(ahead[1]!);
      await expect
        .poll(() => queue.textContent(), DEADLINE)
        .toBe('You are next in the queue. Estimated wait: about 5 min.');

      // An agent takes this chat: the place goes, and the page stops asking.
      gateway.simulator.agentJoins(contactId);
      await page.locator('#chat-status', { hasText: `You are chatting with ${AGENT}.` }).waitFor();
      await queue.waitFor({ state: 'hidden' });
      const checks = sessionChecks();
      // Half a minute of the page's time passes at once: a page still asking would ask about 6 times.
      await page.clock.runFor(30_000);
      await page.evaluate(() => fetch('/').then((r) => r.text()));
      expect(sessionChecks()).toBe(checks);
      expect(await queue.isHidden()).toBe(true);
      expect(leaving).toEqual([]);
    } finally {
      await close();
    }
  });
});
