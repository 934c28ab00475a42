import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentCache } from '../src/http/document-cache.js';
import { type Harness, startHarness } from './helpers/harness.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The heap after full collections, in bytes. */
async function settledHeap(): Promise<number> {
  for (let i = 0; i < 4; i += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const MB = 1024 * 1024;

describe('what an unauthenticated client can pin in memory', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  async function post(query: string) {
    const response = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query }),
    });
    await response.arrayBuffer();
    // The harness keeps every log line for assertions; here they would be the growth measured.
    h.logLines.length = 0;
    return response.status;
  }

  it('20,000 distinct invalid documents with no key leave the heap within 10 MB of where it started', async () => {
    // Warm-up: code paths compiled and module caches filled before the baseline.
    for (let i = 0; i < 500; i += 1) {
      await post(`{ warm${i} }`);
      await post(`{ warm${i}( }`);
    }
    const before = await settledHeap();
    const statuses = new Map<number, number>();
    for (let i = 0; i < 10_000; i += 1) {
      // An unknown field (fails validation) and a syntax error (fails parsing), each distinct.
      for (const query of [`{ unknownField${i} }`, `{ broken${i}( }`]) {
        const status = await post(query);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
    const after = await settledHeap();
    const grownMb = (after - before) / MB;
    console.info(
      `memory pinning: heap after GC ${(before / MB).toFixed(1)} MB before, ${(after / MB).toFixed(1)} MB after 20,000 invalid documents (${grownMb >= 0 ? '+' : ''}${grownMb.toFixed(1)} MB)`,
    );
    expect(Object.fromEntries(statuses)).toEqual({ 400: 20_000 });
    expect(grownMb).toBeLessThan(10);
    // Generous: 20,000 requests on a busy machine; nothing here is timed.
  }, 600_000);

  it('valid documents padded with comments, with a made-up key, pin no more than the cache bound', async () => {
    const send = async (query: string) => {
      const response = await h.app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'made-up-key' },
        body: JSON.stringify({ query }),
      });
      await response.arrayBuffer();
      h.logLines.length = 0;
      return response.status;
    };
    // Comments are tokens the parser keeps (≈ 43 bytes a character) but no query limit counts.
    const padded = (i: number) => `{ __typename } # ${i}${'\n#'.repeat(6000)}`;
    for (let i = 0; i < 50; i += 1) await send(padded(-i - 1));
    const before = await settledHeap();
    const statuses = new Set<number>();
    for (let i = 0; i < 400; i += 1) statuses.add(await send(padded(i)));
    const grownMb = (process.memoryUsage().heapUsed - before) / MB;
    const settledMb = ((await settledHeap()) - before) / MB;
    console.info(
      `memory pinning: 400 padded 12 KB documents, heap +${settledMb.toFixed(1)} MB after GC (${grownMb.toFixed(1)} before it)`,
    );
    expect([...statuses]).toEqual([401]);
    expect(settledMb).toBeLessThan(10);
  }, 600_000);
});

describe('createDocumentCache', () => {
  it('keeps documents that pass validation and forgets those that fail', async () => {
    const cache = createDocumentCache();
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'hi' } } }),
      parserAndValidationCache: cache.options,
      plugins: [cache.plugin],
      logging: false,
    });
    const run = (query: string) =>
      yoga.fetch('http://yoga.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
    await run('{ hello }');
    await run('{ hello }');
    expect(cache.size).toBe(1);
    await run('{ nope }');
    await run('{ broken( }');
    expect(cache.size).toBe(1);
  });
});
