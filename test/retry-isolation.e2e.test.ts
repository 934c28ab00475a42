import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartChatDocument } from './generated/graphql.js';
import { chatResult, type Harness, startHarness } from './helpers/harness.js';

// Two tenants on one region and the same (default) credentials: one pooled SDK client serves both.
const TENANTS = {
  tenants: [
    {
      id: 'noisy',
      apiKeys: ['noisy-key'],
      connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
    },
    {
      id: 'quiet',
      apiKeys: ['quiet-key'],
      connect: { region: 'eu-west-2', instanceId: 'globex-instance', contactFlowId: 'globex-flow' },
    },
  ],
};
const NOISY = { 'x-api-key': 'noisy-key' };
const QUIET = { 'x-api-key': 'quiet-key' };
const input = (clientToken: string) => ({ input: { participantDetails: { displayName: 'Ada' }, clientToken } });

describe('retries are isolated per tenant (one shared SDK client)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ CONNECT_MAX_ATTEMPTS: '3', CONNECT_DEADLINE_MS: '30000' }, { tenants: TENANTS });
  });
  afterAll(() => h.close());

  it("a burst of 5xx from one tenant leaves another's lost reply retried (one chat, not CHAT_UNAVAILABLE)", async () => {
    // 100 failing starts × 2 retries: the SDK's standard quota (500 tokens, ≥ 5 a retry, refilled
    // only by successes) would be empty long before the end of this burst.
    const burst = 100;
    h.simulator.faults.inject('serverError', { times: burst * 3 });
    for (let i = 0; i < burst; i += 1) {
      const result = await h.execute(StartChatDocument, input(`noisy-${i}`), NOISY);
      expect(chatResult(result).__typename).toBe('ChatUnavailableError');
    }
    h.simulator.faults.clear();

    // Connect starts the quiet tenant's chat, then the reply is lost: only a retry (same ClientToken) saves it.
    h.simulator.faults.inject('lostReply', { times: 1 });
    const result = await h.execute(StartChatDocument, input('quiet-1'), QUIET);
    expect(chatResult(result)).toMatchObject({ __typename: 'StartChatContactPayload' });
    const quietCalls = h.simulator.received.filter((c) => c.body.InstanceId === 'globex-instance');
    expect(quietCalls).toHaveLength(2);
    // Both attempts found the same contact: one chat, and the client got its ID.
    expect(new Set(quietCalls.map((c) => c.contactId))).toEqual(new Set([chatResult(result).contactId]));

    // The noisy tenant's own calls kept every attempt to the end: bounded by attempts, not a quota.
    expect(h.simulator.count((c) => c.body.ClientToken !== undefined && c.body.InstanceId === 'acme-instance')).toBe(
      burst * 3,
    );
    expect(h.pool.size).toBe(1);
  });
});
