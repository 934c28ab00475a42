import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySigV4 } from '../src/simulator/sigv4.js';
import { signForRouter } from '../src/tenants/router-signature.js';
import { StartChatDocument } from './generated/graphql.js';
import { ACME, chatResult, type Harness, startHarness } from './helpers/harness.js';

/*
 * Client input used as a look-up key must never find Object.prototype's members: "__proto__",
 * "constructor" and friends answer exactly like any other unknown key.
 */

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const ROUTER_SECRET = 'prototype-keys-router-secret-0123456789ab';
const TRUSTED_DOCUMENTS = 'test/generated/persisted-documents.json';

async function post(h: Harness, body: unknown, headers: Record<string, string> = ACME) {
  const response = await h.app.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('trusted document IDs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ TRUSTED_DOCUMENTS_FILE: TRUSTED_DOCUMENTS });
  });
  afterAll(() => h?.close());

  it.each(PROTOTYPE_KEYS)('answers documentId %j like any unknown ID', async (documentId) => {
    const unknown = await post(h, { documentId: 'sha256:nope' });
    expect(unknown.body.errors[0].extensions.code).toBe('TRUSTED_DOCUMENT_NOT_FOUND');
    const answer = await post(h, { documentId });
    expect(answer).toEqual(unknown);
  });

  it.each(PROTOTYPE_KEYS)('answers persistedQuery.sha256Hash %j like any unknown ID', async (sha256Hash) => {
    const unknown = await post(h, { extensions: { persistedQuery: { version: 1, sha256Hash: 'nope' } } });
    const answer = await post(h, { extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(answer).toEqual(unknown);
  });
});

describe('tenant look-ups', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ROUTER_HMAC_SECRET: ROUTER_SECRET });
  });
  afterAll(() => h?.close());

  const query = '{ chatSettings { region } }';

  it.each(PROTOTYPE_KEYS)('refuses x-api-key %j as an unknown key', async (key) => {
    const answer = await post(h, { query }, { 'x-api-key': key });
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].extensions.reason).toBe('API_KEY_UNKNOWN');
  });

  it.each(PROTOTYPE_KEYS)('refuses a signed x-tenant-id %j as an unknown tenant', async (tenantId) => {
    const signature = signForRouter(ROUTER_SECRET, { query }, tenantId);
    const answer = await post(h, { query, extensions: { 'hmac-signature': signature } }, { 'x-tenant-id': tenantId });
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].extensions.reason).toBe('TENANT_UNKNOWN');
  });

  it.each(PROTOTYPE_KEYS)('refuses Origin %j as an origin the tenant does not allow', async (origin) => {
    const answer = await post(h, { query }, { ...ACME, origin });
    expect(answer.status).toBe(403);
    expect(answer.body.errors[0].extensions.reason).toBe('ORIGIN_NOT_ALLOWED');
  });

  it.each(PROTOTYPE_KEYS.filter((key) => /^[A-Za-z0-9_-]+$/.test(key)))(
    'passes attribute key %j to Connect as data',
    async (key) => {
      h.simulator.received.length = 0;
      const result = await h.execute(StartChatDocument, {
        input: {
          participantDetails: { displayName: 'Ada' },
          attributes: [{ key, value: 'v' }],
          segmentAttributes: [{ key, value: { valueMap: [{ key, value: { valueString: 'w' } }] } }],
        },
      });
      expect(chatResult(result).__typename).toBe('StartChatContactPayload');
      const body = h.simulator.received[0]?.body as {
        Attributes: Record<string, string>;
        SegmentAttributes: Record<string, { ValueMap: Record<string, unknown> }>;
      };
      expect(Object.hasOwn(body.Attributes, key) && body.Attributes[key]).toBe('v');
      expect(Object.hasOwn(body.SegmentAttributes, key)).toBe(true);
    },
  );
});

describe("the simulator's SigV4 check", () => {
  const now = Date.UTC(2026, 11, 1, 12, 0, 0);
  const amzDate = '20261201T120000Z';
  const key = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

  it.each(PROTOTYPE_KEYS.filter((name) => /^[a-z_]+$/.test(name)))(
    'treats a signed header named %j that the request lacks as missing',
    async (name) => {
      const authorization = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/connect/aws4_request, SignedHeaders=${name};host;x-amz-date, Signature=${'0'.repeat(64)}`;
      // node:http's header object inherits from Object.prototype, as this literal does.
      const headers = { authorization, host: 'connect.test', 'x-amz-date': amzDate };
      const failure = await verifySigV4(
        { method: 'PUT', path: '/contact/chat', query: {}, headers, body: '{}' },
        { service: 'connect', findKey: (id) => (id === key.accessKeyId ? key : undefined), now },
      );
      expect(failure?.type).toBe('IncompleteSignatureException');
    },
  );
});
