import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openRecordedPage, screenshot, serveWebChat } from './helpers/browser.js';
import { type ListeningGateway, startListeningGateway } from './helpers/listening-gateway.js';
import {
  keptToken,
  messageLine as line,
  chatMessages as messages,
  pageUrl,
  shopTenants,
} from './helpers/web-chat-page.js';

/*
 * The example page as a whole chat over the gateway alone (no chatjs, nothing but loopback),
 * against the embedded simulator and its scripted agent ("Sam (simulated agent)", who answers
 * `You said: "<text>"`). Every wait is for a state of the page or of the simulator, with
 * Playwright's 60 s deadline: nothing depends on how fast this machine is.
 */

const AGENT = 'Sam (simulated agent)';
const MESSAGE_READ = 'application/vnd.amazonaws.connect.event.message.read';
const TYPING = 'application/vnd.amazonaws.connect.event.typing';
const DEADLINE = { timeout: 60_000 };

describe('examples/web-chat: the conversation in Chromium', () => {
  let browser: Browser;
  let web: Awaited<ReturnType<typeof serveWebChat>>;
  let gateway: ListeningGateway;
  beforeAll(async () => {
    [browser, web] = await Promise.all([launchChromium(), serveWebChat()]);
    gateway = await startListeningGateway({ tenants: shopTenants(web.origin) });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await gateway?.close();
  });

  /** Opens the page, starts a chat as `name` and waits for the agent; returns the contact ID. */
  async function startChat(page: Page, name: string): Promise<string> {
    await page.goto(pageUrl(web.origin, gateway));
    await expect.poll(() => page.locator('#settings-status').textContent(), DEADLINE).toBe('Chats run in eu-west-2.');
    await page.fill('#displayName', name);
    await page.locator('#start').click();
    await page.locator('#chat').waitFor();
    await expect(page.locator('#start-form').isHidden()).resolves.toBe(true);
    await page.locator('#chat-status', { hasText: `You are chatting with ${AGENT}.` }).waitFor();
    return (await page.locator('#contact-id').textContent()) ?? '';
  }

  /** Sends `text` with the message box and waits for the scripted agent's answer. */
  async function say(page: Page, text: string) {
    await page.fill('#message', text);
    await page.press('#message', 'Enter');
    await line(page, `You said: "${text}"`).waitFor();
  }

  it('(e) talks live: the answer, typing both ways, read receipts both ways, an attachment, End chat', async () => {
    const { page, requests, leaving, close } = await openRecordedPage(browser);
    try {
      const contactId = await startChat(page, 'Ada');
      const token = (await keptToken(page)) ?? 'no token kept';

      // Send: the message, then the agent's answer, live, each with its sender's name.
      await say(page, 'hello');
      expect(await messages(page)).toEqual(['Ada: hello', `${AGENT}: You said: "hello"`]);
      const sends = requests.filter((r) => r.postData?.includes('mutation SendChatMessage'));
      expect(sends).toHaveLength(1);
      const sent = JSON.parse(sends[0]!.postData!) as { variables: { input: Record<string, string> } };
      expect(sent.variables.input).toMatchObject({ contentType: 'TEXT_PLAIN', content: 'hello' });
      expect(sent.variables.input.clientToken).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );

      // The customer's typing reached Connect; the agent's read receipt marks "hello" as Read.
      const events = () => gateway.simulator.chatEvents(contactId);
      expect(events().some((e) => e.ContentType === TYPING && e.ParticipantRole === 'CUSTOMER')).toBe(true);
      await expect.poll(() => line(page, 'hello').locator('.receipt').textContent(), DEADLINE).toBe('Read');

      // The page read the agent's answer (visible page): MESSAGE_READ naming it, once.
      const answerId = await line(page, 'You said: "hello"').getAttribute('data-id');
      const readsOf = (id: string | null) =>
        events().filter(
          (e) => e.ContentType === MESSAGE_READ && e.ParticipantRole === 'CUSTOMER' && e.Content?.includes(`"${id}"`),
        ).length;
      await expect.poll(() => readsOf(answerId), DEADLINE).toBe(1);

      // The agent types: the indicator shows with their name; their message replaces it.
      gateway.simulator.agentTyping(contactId);
      await page.locator('#typing', { hasText: `${AGENT} is typing…` }).waitFor();
      gateway.simulator.agentSays(contactId, 'Anything else?');
      await line(page, 'Anything else?').waitFor();
      await page.locator('#typing').waitFor({ state: 'hidden' });
      await screenshot(page, 'e-web-chat-conversation');

      // An attachment: progress to the end, the file in the list, the agent's thanks, a download link.
      const bytes = Buffer.from('Order A-1001: the receipt.\n');
      await page.setInputFiles('#attachment', { name: 'receipt.txt', mimeType: 'text/plain', buffer: bytes });
      await page.locator('#upload-status', { hasText: /^Uploaded$/ }).waitFor();
      expect(await page.locator('#upload-progress').evaluate((p) => (p as HTMLProgressElement).value)).toBe(100);
      await line(page, 'receipt.txt').waitFor();
      await line(page, 'Thanks, I received "receipt.txt".').waitFor();
      expect(gateway.simulator.transcript(contactId).filter((i) => i.Type === 'ATTACHMENT')).toHaveLength(1);
      const opened = page.context().waitForEvent('page');
      await line(page, 'receipt.txt').locator('a.file').click();
      const download = await opened;
      await download.waitForLoadState();
      expect(download.url()).toContain(`${gateway.simulator.url}/connect-attachments/`);
      expect(await download.locator('body').textContent()).toBe(bytes.toString());
      await download.close();
      await screenshot(page, 'e-web-chat-attachment');

      // End chat: the chat ends for everyone, the page forgets it and offers a new one.
      await page.locator('#end-chat').click();
      await page.locator('#chat-ended').waitFor();
      expect(await page.locator('#chat-status').textContent()).toBe('This chat has ended.');
      expect(await page.locator('#composer').isHidden()).toBe(true);
      expect(gateway.simulator.transcript(contactId).map((i) => i.ContentType)).toContain(
        'application/vnd.amazonaws.connect.event.chat.ended',
      );
      expect(await keptToken(page)).toBeUndefined();
      await page.locator('#new-chat').click();
      await page.locator('#start-form').waitFor();

      // Only loopback; the token only ever in a header, never in a URL or the gateway's log.
      expect(requests.some((r) => r.url.includes(token))).toBe(false);
      expect(gateway.log()).not.toContain(token);
      expect(leaving).toEqual([]);
    } finally {
      await close();
    }
  });

  it('(f) a reload resumes the same chat with each earlier message once; a kept chat that ended offers a new one', async () => {
    const { page, leaving, close } = await openRecordedPage(browser);
    try {
      const contactId = await startChat(page, 'Grace');
      await say(page, 'first');
      await say(page, 'second');
      const before = await messages(page);
      expect(before).toEqual([
        'Grace: first',
        `${AGENT}: You said: "first"`,
        'Grace: second',
        `${AGENT}: You said: "second"`,
      ]);
      const starts = gateway.simulator.count();

      // The reload's stream resumes from further back than the history it shows (as from an older
      // kept event id): the items between come twice, and the page still shows each once.
      const firstId = await line(page, 'first').getAttribute('data-id');
      let resumedFrom: string | undefined;
      await page.route(gateway.url, async (route) => {
        const body = route.request().postData() ?? '';
        if (!body.includes('subscription ChatEvents') || resumedFrom) return route.fallback();
        const request = JSON.parse(body) as { variables: { after?: string } };
        resumedFrom = request.variables.after;
        await route.continue({ postData: JSON.stringify({ ...request, variables: { after: firstId } }) });
      });
      await page.reload();
      await page.locator('#chat-status', { hasText: `You are chatting with ${AGENT}.` }).waitFor();
      await expect.poll(() => resumedFrom, DEADLINE).toBeDefined();
      expect(resumedFrom).not.toBe(firstId);
      await line(page, 'You said: "second"').waitFor();
      await expect.poll(() => messages(page), DEADLINE).toEqual(before);
      await page.unroute(gateway.url);
      expect(await page.locator('#contact-id').textContent()).toBe(contactId);
      expect(await page.locator('#start-form').isHidden()).toBe(true);
      expect(gateway.simulator.count()).toBe(starts);
      await screenshot(page, 'f-web-chat-resumed');

      // Still live after the reload, and still once each.
      gateway.simulator.agentSays(contactId, 'Welcome back.');
      await line(page, 'Welcome back.').waitFor();
      await say(page, 'third');
      expect(await messages(page)).toEqual([
        ...before,
        `${AGENT}: Welcome back.`,
        'Grace: third',
        `${AGENT}: You said: "third"`,
      ]);
      const ids = await page.locator('#messages li[data-id]').evaluateAll((l) => l.map((li) => li.dataset.id));
      expect(new Set(ids).size).toBe(ids.length);

      // The agent ends the chat: the page says so and forgets it. A token kept from it is refused
      // on the next load (CHAT_ENDED or 401): forgotten again, and a new chat offered.
      const token = await keptToken(page);
      gateway.simulator.endChat(contactId);
      await page.locator('#chat-ended').waitFor();
      expect(await keptToken(page)).toBeUndefined();
      await page.evaluate((kept) => {
        sessionStorage.setItem(
          `web-chat:${new URLSearchParams(location.search).get('gateway')} shop-public-key:token`,
          kept!,
        );
      }, token);
      await page.reload();
      const ended = page.locator('#notice', { hasText: 'Your previous chat has ended. You can start a new one.' });
      await ended.waitFor();
      await page.locator('#start-form').waitFor();
      expect(await page.locator('#chat').isHidden()).toBe(true);
      expect(await keptToken(page)).toBeUndefined();

      // A token no replica knows (a restarted gateway, another replica): 401, the same outcome.
      await page.evaluate(() => {
        sessionStorage.setItem(
          `web-chat:${new URLSearchParams(location.search).get('gateway')} shop-public-key:token`,
          'not-a-token',
        );
      });
      await page.reload();
      await ended.waitFor();
      await page.locator('#start-form').waitFor();
      expect(await keptToken(page)).toBeUndefined();
      expect(leaving).toEqual([]);
    } finally {
      await close();
    }
  });

  it('(g) offline while the agent talks: "Reconnecting…", then every message once and in order; retries send once', async () => {
    const { page, leaving, close } = await openRecordedPage(browser);
    const context = page.context();
    try {
      const contactId = await startChat(page, 'Linus');
      await say(page, 'hello');

      await context.setOffline(true);
      await page.locator('#reconnecting', { hasText: 'Reconnecting…' }).waitFor();
      for (const text of ['one', 'two', 'three']) gateway.simulator.agentSays(contactId, text);
      // A message typed while offline is not lost: it waits with a Retry (the same clientToken).
      await page.fill('#message', 'are you there?');
      await page.press('#message', 'Enter');
      const unsent = line(page, 'are you there?');
      await unsent.locator('.state', { hasText: /^Not sent/ }).waitFor();
      await screenshot(page, 'g-web-chat-offline');

      await context.setOffline(false);
      await page.locator('#reconnecting').waitFor({ state: 'hidden' });
      await line(page, 'three').waitFor();
      await unsent.locator('button.retry').click();
      await line(page, 'You said: "are you there?"').waitFor();

      // An answer lost on its way back (the message reached Connect): Retry sends the same
      // clientToken, and the chat gets the message once.
      let lost = 0;
      await page.route(gateway.url, async (route) => {
        if (!route.request().postData()?.includes('lost on the way back') || lost++ > 0) return route.fallback();
        await route.fetch();
        await route.abort('connectionreset');
      });
      await page.fill('#message', 'lost on the way back');
      await page.press('#message', 'Enter');
      const lostLine = line(page, 'lost on the way back');
      await lostLine.locator('button.retry').click();
      await line(page, 'You said: "lost on the way back"').waitFor();
      await expect.poll(() => lostLine.count(), DEADLINE).toBe(1);

      const agent = (await messages(page)).filter((m) => m.startsWith(`${AGENT}: `));
      expect(agent).toEqual([
        `${AGENT}: You said: "hello"`,
        `${AGENT}: one`,
        `${AGENT}: two`,
        `${AGENT}: three`,
        `${AGENT}: You said: "are you there?"`,
        `${AGENT}: You said: "lost on the way back"`,
      ]);
      const customer = gateway.simulator
        .transcript(contactId)
        .filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOMER')
        .map((i) => i.Content);
      expect(customer).toEqual(['hello', 'are you there?', 'lost on the way back']);
      expect(await page.locator('#reconnecting').isHidden()).toBe(true);
      expect(leaving).toEqual([]);
    } finally {
      await close();
    }
  });
});
