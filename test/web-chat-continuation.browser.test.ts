import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openRecordedPage, screenshot, serveWebChat } from './helpers/browser.js';
import { nowSeconds, signHs256 } from './helpers/jwt.js';
import type { ListeningGateway } from './helpers/listening-gateway.js';
import { startWebChatGateway } from './helpers/web-chat-gateway.js';
import { chatMessages, keptToken, messageLine, pageUrl, shopTenants } from './helpers/web-chat-page.js';

/*
 * Continue on another device: a signed-in customer (the page given a JWT from the company's
 * backend) starts a chat in one browser context and finds it again in a second one, where no
 * participant token was ever kept, with the JWT alone; a customer with another `sub` does not.
 * Every wait is for a state of the page, with a 60 s deadline.
 */

const AGENT = 'Sam (simulated agent)';
const SECRET = 'shop-hs256-secret-0123456789abcdef0123456789';
const CLAIMS = { issuer: 'https://shop.example', audience: 'shop-chat' };
const DEADLINE = { timeout: 60_000 };

/** A JWT as the shop's backend signs it for a signed-in customer. */
const signedIn = (subject: string) => signHs256(SECRET, {}, { ...CLAIMS, subject, exp: nowSeconds() + 3600 });

describe('examples/web-chat: continue on another device in Chromium', () => {
  let browser: Browser;
  let web: Awaited<ReturnType<typeof serveWebChat>>;
  let gateway: ListeningGateway;
  beforeAll(async () => {
    [browser, web] = await Promise.all([launchChromium(), serveWebChat()]);
    gateway = await startWebChatGateway({
      tenants: shopTenants(web.origin, { auth: { required: true, ...CLAIMS, secret: { env: 'SHOP_JWT_SECRET' } } }),
      env: { SHOP_JWT_SECRET: SECRET, CONTINUATION_KEY: randomBytes(32).toString('base64') },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await gateway?.close();
  });

  /** Opens the page signed in as `subject` in a context of its own (its own sessionStorage: another device). */
  async function device(subject: string) {
    const recorded = await openRecordedPage(browser);
    const jwt = await signedIn(subject);
    await recorded.page.goto(pageUrl(web.origin, gateway, { jwt }));
    await expect
      .poll(() => recorded.page.locator('#settings-status').textContent(), DEADLINE)
      .toBe('Chats run in eu-west-2. You are signed in.');
    return { ...recorded, jwt };
  }

  const say = async (page: Page, text: string) => {
    await page.fill('#message', text);
    await page.press('#message', 'Enter');
  };

  it('(j) the same customer gets the chat on a second device, history then live; another customer does not', async () => {
    const laptop = await device('alice');
    const phone = { close: async () => undefined } as Awaited<ReturnType<typeof device>>;
    const stranger = { close: async () => undefined } as Awaited<ReturnType<typeof device>>;
    const devices = [laptop, phone, stranger];
    try {
      // Alice starts on her laptop and talks to the agent.
      await laptop.page.fill('#displayName', 'Alice');
      await laptop.page.locator('#start').click();
      await laptop.page.locator('#chat-status', { hasText: `You are chatting with ${AGENT}.` }).waitFor();
      const contactId = await laptop.page.locator('#contact-id').textContent();
      await say(laptop.page, 'hello from my laptop');
      await messageLine(laptop.page, 'You said: "hello from my laptop"').waitFor();

      // Her phone: a fresh context, no token kept; the JWT alone finds the chat. The history first…
      Object.assign(phone, await device('alice'));
      await phone.page.locator('#chat').waitFor();
      expect(await phone.page.locator('#contact-id').textContent()).toBe(contactId);
      expect(await phone.page.locator('#start-form').isHidden()).toBe(true);
      await messageLine(phone.page, 'You said: "hello from my laptop"').waitFor();
      expect(await chatMessages(phone.page)).toEqual(await chatMessages(laptop.page));
      expect(await keptToken(phone.page)).toBeUndefined();
      await screenshot(phone.page, 'j-web-chat-continued');

      // …then live: the agent's next message reaches both devices; the phone talks in the same chat.
      gateway.simulator.agentSays(contactId ?? '', 'I see you switched devices.');
      await messageLine(phone.page, 'I see you switched devices.').waitFor();
      await messageLine(laptop.page, 'I see you switched devices.').waitFor();
      await say(phone.page, 'now on my phone');
      await messageLine(phone.page, 'You said: "now on my phone"').waitFor();
      await messageLine(laptop.page, 'now on my phone').waitFor();
      const customer = gateway.simulator
        .transcript(contactId ?? '')
        .filter((item) => item.Type === 'MESSAGE' && item.ParticipantRole === 'CUSTOMER')
        .map((item) => item.Content);
      expect(customer).toEqual(['hello from my laptop', 'now on my phone']);

      // Bob, signed in at the same shop: nothing to continue, the start form.
      Object.assign(stranger, await device('bob'));
      const asked = () => stranger.requests.filter((r) => r.postData?.includes('query ChatSession')).length;
      await expect.poll(asked, DEADLINE).toBe(1);
      await stranger.page.locator('#start-form').waitFor();
      expect(await stranger.page.locator('#chat').isHidden()).toBe(true);
      expect(await stranger.page.locator('#notice').isHidden()).toBe(true);
      expect(await chatMessages(stranger.page)).toEqual([]);
      expect(gateway.simulator.count()).toBe(1);

      // The JWTs travel in a header the gateway never logs.
      for (const { jwt, leaving } of devices) {
        expect(gateway.log()).not.toContain(jwt);
        expect(leaving).toEqual([]);
      }
    } finally {
      for (const { close } of devices) await close();
    }
  });
});
