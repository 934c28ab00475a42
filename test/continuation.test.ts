import { describe, expect, it } from 'vitest';
import { createContinuation } from '../src/chat/continuation.js';
import { ChatEndedError, ParticipantTokenRefusedError } from '../src/chat/errors.js';
import type { ChatContinuations, RememberedChat } from '../src/chat/ports.js';
import type { Tenant } from '../src/chat/tenant.js';

/* Which chat a request acts on, and what its end does to the remembered chat (in memory). */

const tenant = {
  id: 'acme',
  connect: { region: 'eu-west-2', instanceId: 'i', contactFlowId: 'f' },
  policy: { chat: { persistentChat: true, chatDurationInMinutes: {} } },
} as unknown as Tenant;

function store(): ChatContinuations & { chats: Map<string, RememberedChat> } {
  const chats = new Map<string, RememberedChat>();
  return {
    chats,
    async remember(tenantId, subject, chat) {
      chats.set(`${tenantId}/${subject}`, chat);
    },
    find: async (tenantId, subject) => chats.get(`${tenantId}/${subject}`),
  };
}

describe('createContinuation', () => {
  it('marks the remembered chat ended when the request acted on it by its own token, not by another', async () => {
    const continuations = store();
    continuations.chats.set('acme/alice', { participantToken: 'p1', contactId: 'c1', ended: false });
    const byOther = createContinuation({ tenant, subject: 'alice', participantToken: 'p2', continuations });
    byOther.participant();
    await byOther.ended();
    expect(continuations.chats.get('acme/alice')?.ended).toBe(false);
    const byToken = createContinuation({ tenant, subject: 'alice', participantToken: 'p1', continuations });
    byToken.participant();
    await byToken.ended();
    expect(continuations.chats.get('acme/alice')?.ended).toBe(true);
  });

  it("Connect refusing a remembered token is the chat's end; refusing a token the request sent stays a 401", async () => {
    const continuations = store();
    continuations.chats.set('acme/alice', { participantToken: 'p1', contactId: 'c1', ended: false });
    const fromStore = createContinuation({ tenant, subject: 'alice', continuations });
    expect((await fromStore.participant()).participantToken).toBe('p1');
    expect(fromStore.failure(new ParticipantTokenRefusedError())).toBeInstanceOf(ChatEndedError);
    const sent = createContinuation({ tenant, subject: 'alice', participantToken: 'p1', continuations });
    await sent.participant();
    expect(sent.failure(new ParticipantTokenRefusedError())).toBeInstanceOf(ParticipantTokenRefusedError);
  });

  it('a late end of an older chat does not end the newer chat remembered since', async () => {
    const continuations = store();
    continuations.chats.set('acme/alice', { participantToken: 'p1', contactId: 'c1', ended: false });
    const onOldChat = createContinuation({ tenant, subject: 'alice', continuations });
    await onOldChat.participant();
    // Meanwhile another device started chat 2.
    continuations.chats.set('acme/alice', { participantToken: 'p2', contactId: 'c2', ended: false });
    await onOldChat.ended();
    expect(continuations.chats.get('acme/alice')).toEqual({ participantToken: 'p2', contactId: 'c2', ended: false });
    const onNewChat = createContinuation({ tenant, subject: 'alice', continuations });
    await onNewChat.participant();
    await onNewChat.ended();
    expect(continuations.chats.get('acme/alice')?.ended).toBe(true);
  });

  it('a participant token longer than the model allows is refused before Connect', async () => {
    const tooLong = createContinuation({ tenant, participantToken: 'x'.repeat(1001) });
    await expect(tooLong.participant()).rejects.toBeInstanceOf(ParticipantTokenRefusedError);
  });
});
