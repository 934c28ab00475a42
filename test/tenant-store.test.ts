import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { createFileTenantStore, type FileTenantStore } from '../src/tenants/file-store.js';
import { createMemoryTenantStore } from '../src/tenants/memory-store.js';
import type { TenantStore } from '../src/tenants/store.js';
import { parseTenants } from '../src/tenants/tenants-file.js';
import { StartChatDocument } from './generated/graphql.js';
import { ACME, chatResult, FIXTURE_SECRETS, type Harness, startHarness, TENANTS_FIXTURE } from './helpers/harness.js';

const fixture = () => JSON.parse(readFileSync(TENANTS_FIXTURE, 'utf8')) as { tenants: Record<string, unknown>[] };

async function until(condition: () => boolean, what: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('tenant lookups through the per-request DataLoader', () => {
  let h: Harness;
  const calls: number[] = [];
  beforeAll(async () => {
    const inner = createMemoryTenantStore(parseTenants(fixture(), (name) => FIXTURE_SECRETS[name]));
    const counting: TenantStore = {
      ...inner,
      find: (lookups) => {
        calls.push(lookups.length);
        return inner.find(lookups);
      },
    };
    h = await startHarness({}, { store: counting });
  });
  afterAll(() => h.close());

  it('looks the tenant up once per request, however many chats a document starts', async () => {
    const chat = (alias: string) =>
      `${alias}: startChatContact(input: { participantDetails: { displayName: "${alias}" } }) { __typename }`;
    const response = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ACME },
      body: JSON.stringify({ query: `mutation { ${chat('a')} ${chat('b')} ${chat('c')} }` }),
    });
    const body = await response.json();
    expect(Object.values(body.data).map((v) => (v as { __typename: string }).__typename)).toEqual([
      'StartChatContactPayload',
      'StartChatContactPayload',
      'StartChatContactPayload',
    ]);
    expect(calls).toEqual([1]);
  });
});

describe('tenants file hot reload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenants-'));
  const file = join(dir, 'tenants.json');
  const logLines: string[] = [];
  let store: FileTenantStore;
  let h: Harness;

  /** Writes the file the way editors and ConfigMaps do: a new file renamed over the old one. */
  const replaceFile = (text: string) => {
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  };
  const withLateTenant = (name: string) => {
    const doc = fixture();
    doc.tenants.push({
      id: 'late',
      name,
      apiKeys: ['late-public-key'],
      connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
    });
    return JSON.stringify(doc);
  };

  beforeAll(async () => {
    writeFileSync(file, JSON.stringify(fixture()));
    store = createFileTenantStore({
      file,
      readSecret: (name) => FIXTURE_SECRETS[name],
      logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
      debounceMs: 20,
    });
    h = await startHarness({}, { store });
  });
  afterAll(async () => {
    store.close();
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const readiness = async () => (await h.app.fetch('http://gateway.test/readiness')).json();

  it('applies good changes, refuses broken ones and keeps serving, with no request failing', async () => {
    let stop = false;
    const outcomes: string[] = [];
    // Eight callers start chats back to back while the file changes under them.
    const workers = Array.from({ length: 8 }, async (_, worker) => {
      for (let i = 0; !stop && i < 60; i++) {
        const result = await h.execute(
          StartChatDocument,
          { input: { participantDetails: { displayName: `w${worker}-${i}` } } },
          ACME,
        );
        outcomes.push(result.status === 200 ? String(chatResult(result).__typename) : `HTTP ${result.status}`);
      }
    });

    replaceFile(withLateTenant('first'));
    await until(() => store.current.byApiKey('late-public-key')?.name === 'first', 'the new tenant');

    replaceFile('{ "tenants": [ { "id": "late", ');
    await until(() => !store.health().ok, 'the broken file to be reported');
    // Readiness is public: it says what is wrong, never where the file is or what it contains.
    expect(store.health().error).toBe('the tenants file is not valid JSON');
    expect(JSON.stringify(await readiness())).not.toContain(dir);
    expect(logLines.some((l) => l.includes(file) && l.includes('is not valid JSON'))).toBe(true);
    expect(store.current.byApiKey('late-public-key')?.name).toBe('first');

    const invalid = JSON.parse(withLateTenant('second'));
    invalid.tenants[3].connect.region = 'mars';
    replaceFile(JSON.stringify(invalid));
    await until(() => /tenants\[3\]\.connect\.region/.test(store.health().error ?? ''), 'the invalid file');
    expect(await readiness()).toMatchObject({ status: 'degraded', ready: true, tenants: { ok: false } });
    expect(store.current.byApiKey('late-public-key')?.name).toBe('first');

    replaceFile(withLateTenant('third'));
    await until(() => store.current.byApiKey('late-public-key')?.name === 'third', 'the fixed file');
    expect(await readiness()).toMatchObject({ status: 'ready', tenants: { ok: true, tenantCount: 4 } });

    stop = true;
    await Promise.all(workers);
    expect(outcomes.length).toBeGreaterThan(8);
    expect(outcomes.filter((o) => o !== 'StartChatContactPayload')).toEqual([]);
    const errors = logLines.filter((l) => l.includes('tenants reload failed'));
    expect(errors.some((l) => l.includes('tenants[3].connect.region'))).toBe(true);
  });

  it('reloads on demand (SIGHUP) even without a watcher event', () => {
    const quiet = createFileTenantStore({
      file,
      readSecret: (n) => FIXTURE_SECRETS[n],
      logger: createLogger('silent'),
      watch: false,
    });
    try {
      writeFileSync(file, withLateTenant('hup'));
      expect(quiet.current.byApiKey('late-public-key')?.name).toBe('third');
      expect(quiet.reload('SIGHUP')).toBe(true);
      expect(quiet.current.byApiKey('late-public-key')?.name).toBe('hup');
      writeFileSync(file, 'not json');
      expect(quiet.reload('SIGHUP')).toBe(false);
      expect(quiet.current.byApiKey('late-public-key')?.name).toBe('hup');
    } finally {
      quiet.close();
    }
  });
});
