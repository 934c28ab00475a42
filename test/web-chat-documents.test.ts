import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute, type GatewaySettings } from '../examples/web-chat/src/gateway-client.js';
import { ChatSettingsQuery, StartChatMutation } from '../examples/web-chat/src/operations.js';
import { type ListeningGateway, startListeningGateway } from './helpers/listening-gateway.js';

const MANIFEST = fileURLToPath(new URL('../examples/web-chat/src/gql/persisted-documents.json', import.meta.url));
const TENANTS = JSON.parse(readFileSync(new URL('../tenants.example.json', import.meta.url), 'utf8'));

describe("the example's typed documents and trusted-documents manifest", () => {
  let gateway: ListeningGateway;
  beforeAll(async () => {
    gateway = await startListeningGateway({ tenants: TENANTS, env: { TRUSTED_DOCUMENTS_FILE: MANIFEST } });
  });
  afterAll(() => gateway?.close());

  it('lists exactly the documents the page sends, by the hash codegen gave each', () => {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
    expect(Object.keys(manifest).sort()).toEqual(
      [ChatSettingsQuery.__meta__?.hash, StartChatMutation.__meta__?.hash].sort(),
    );
  });

  it('runs in trusted mode (documentId only) against a gateway with TRUSTED_DOCUMENTS_FILE', async () => {
    const settings: GatewaySettings = { url: gateway.url, apiKey: 'demo-public-key', trustedDocuments: true };
    const started = await execute(settings, StartChatMutation, {
      input: { participantDetails: { displayName: 'Ada' }, clientToken: 'trusted-1' },
    });
    expect(started).toMatchObject({
      kind: 'data',
      data: { startChatContact: { __typename: 'StartChatContactPayload' } },
    });
    expect(await execute(settings, ChatSettingsQuery, {})).toMatchObject({
      kind: 'data',
      data: { chatSettings: { region: 'us-east-1' } },
    });
    // The same document as text is refused for a public caller.
    expect(await execute({ ...settings, trustedDocuments: false }, ChatSettingsQuery, {})).toMatchObject({
      kind: 'refused',
      code: 'TRUSTED_DOCUMENTS_ONLY',
    });
    expect(gateway.simulator.count()).toBe(1);
  });
});
