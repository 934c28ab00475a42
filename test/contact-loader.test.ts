import { describe, expect, it } from 'vitest';
import type { ChatContact } from '../src/chat/contact.js';
import { ContactReadNotAllowedError, createContactLoader } from '../src/chat/contact-loader.js';
import type { ContactReader } from '../src/chat/ports.js';
import { createLogger } from '../src/logger.js';

const target = { region: 'eu-west-2', instanceId: 'i', contactFlowId: 'f' };
const call = { requestId: 'r-1', logger: createLogger('silent') };

/** A reader that takes 20 ms per contact and records how many calls overlap. */
function slowReader() {
  let inFlight = 0;
  const stats = { calls: [] as string[], maxInFlight: 0 };
  const reader: ContactReader = {
    async describe(_target, contactId) {
      stats.calls.push(contactId);
      inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight -= 1;
      return contactId.startsWith('missing') ? null : ({ contactId } satisfies ChatContact);
    },
  };
  return { reader, stats };
}

describe('the per-request contact loader', () => {
  it('deduplicates and never runs more DescribeContact calls at once than allowed', async () => {
    const { reader, stats } = slowReader();
    const loader = createContactLoader({ reader, target, trusted: true, call, concurrency: 2 });
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'a', 'c', 'missing-1'];
    const results = await Promise.all(ids.map((id) => loader.load(id)));
    expect(results.map((r) => r?.contactId ?? null)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'a', 'c', null]);
    expect(stats.calls.sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'missing-1']);
    expect(stats.maxInFlight).toBe(2);
  });

  it('reads nothing for a caller that is not the trusted router', async () => {
    const { reader, stats } = slowReader();
    const loader = createContactLoader({ reader, target, trusted: false, call, concurrency: 2 });
    // The core's refusal; schema/contact.ts answers it as FORBIDDEN / CONTACT_READ_NOT_ALLOWED (supergraph.e2e).
    await expect(loader.load('a')).rejects.toBeInstanceOf(ContactReadNotAllowedError);
    expect(stats.calls).toEqual([]);
  });
});
