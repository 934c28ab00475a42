import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openRecordedPage, screenshot } from './helpers/browser.js';
import { type ListeningGateway, startListeningGateway } from './helpers/listening-gateway.js';

// The file a new user gets, untouched: its tenants allow only the example page's origin (port 5173).
const EXAMPLE_TENANTS = JSON.parse(readFileSync(new URL('../tenants.example.json', import.meta.url), 'utf8'));

describe('GraphiQL in Chromium', () => {
  let browser: Browser;
  let gateway: ListeningGateway;
  beforeAll(async () => {
    browser = await launchChromium();
    // On port 0, so on a port no tenant names: GraphiQL must still reach the gateway that served it.
    gateway = await startListeningGateway({ tenants: EXAMPLE_TENANTS });
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('(a) loads with zero requests leaving loopback, runs the example mutation and shows a contact ID', async () => {
    const { page, requests, leaving, hosts, close } = await openRecordedPage(browser);
    try {
      await page.goto(gateway.url);
      const execute = page.getByRole('button', { name: /Execute query/ });
      await execute.waitFor();
      // The examples preloaded as tabs (a tab is named after its first operation), the demo key prefilled.
      expect(await page.locator('.graphiql-tab-button').allInnerTexts()).toEqual([
        'StartChat',
        'ChatSettings',
        'Session',
      ]);
      // Monaco renders spaces as no-break spaces, which \s matches.
      await expect
        .poll(() => page.locator('.graphiql-editor-tool').textContent(), { timeout: 60_000 })
        .toMatch(/"x-api-key":\s*"demo-public-key"/);

      await execute.click();
      const response = page.locator('.graphiql-response');
      await response.getByText('StartChatContactPayload').waitFor();
      await screenshot(page, 'a-graphiql-start-chat');

      // The contact ID shown is the one the simulator started, with the demo tenant's instance and region.
      expect(gateway.simulator.received).toHaveLength(1);
      const [call] = gateway.simulator.received;
      expect(call).toMatchObject({
        region: 'us-east-1',
        body: { InstanceId: '11111111-2222-3333-4444-555555555555', ParticipantDetails: { DisplayName: 'Ada' } },
      });
      expect(call?.contactId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await response.textContent()).toContain(call?.contactId);

      // Page, assets, introspection and the mutation: all on loopback, nothing aborted.
      expect(requests.filter((r) => r.method === 'POST').length).toBeGreaterThanOrEqual(2);
      expect(leaving).toEqual([]);
      expect(hosts()).toEqual(['127.0.0.1']);
    } finally {
      await close();
    }
  });

  it('(b) works from the other loopback name of the same port (localhost), the schema included', async () => {
    const { page, requests, close } = await openRecordedPage(browser);
    try {
      const statuses: number[] = [];
      page.on('response', (response) => {
        if (response.request().method() === 'POST') statuses.push(response.status());
      });
      await page.goto(gateway.url.replace('127.0.0.1', 'localhost'));
      await page.getByRole('button', { name: /Execute query/ }).click();
      await page.locator('.graphiql-response').getByText('StartChatContactPayload').waitFor();
      // Introspection (the schema) and the mutation, both answered 200 from the page's own origin.
      expect(requests.filter((r) => r.method === 'POST').length).toBeGreaterThanOrEqual(2);
      expect(new Set(statuses)).toEqual(new Set([200]));
    } finally {
      await close();
    }
  });
});
