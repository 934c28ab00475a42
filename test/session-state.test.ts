import { describe, expect, it } from 'vitest';
import type { TranscriptItem } from '../src/chat/conversation.js';
import { sessionFrom } from '../src/chat/session-state.js';

const EVENT = 'application/vnd.amazonaws.connect.event.';
let n = 0;
function item(contentType: string, role: string, more: Partial<TranscriptItem> = {}): TranscriptItem {
  n += 1;
  return {
    id: `i-${n}`,
    at: new Date(1_000_000 + n),
    type: contentType.startsWith(EVENT) ? 'EVENT' : 'MESSAGE',
    contentType,
    participantRole: role,
    participantId: `${role.toLowerCase()}-1`,
    contactId: 'contact-1',
    ...more,
  };
}
/** Oldest first, as a chat happens; the page is read newest first. */
const newest = (...items: TranscriptItem[]) => ({ items: [...items].reverse() });

describe('sessionFrom', () => {
  const joined = item(`${EVENT}participant.joined`, 'CUSTOMER');
  it('waiting until an agent joins', () => {
    expect(sessionFrom(newest(joined, item('text/plain', 'CUSTOMER'))).state).toBe('WAITING');
  });
  it('connected while the newest agent move is a join', () => {
    const agent = item(`${EVENT}participant.joined`, 'AGENT', { displayName: 'Grace' });
    expect(sessionFrom(newest(joined, agent, item('text/plain', 'AGENT')))).toEqual({
      state: 'CONNECTED',
      contactId: 'contact-1',
      participantId: 'customer-1',
      agentDisplayName: 'Grace',
    });
  });
  it('waiting again after the agent left (a transfer to a queue)', () => {
    const agent = item(`${EVENT}participant.joined`, 'AGENT');
    const left = item(`${EVENT}participant.left`, 'AGENT');
    expect(sessionFrom(newest(joined, agent, left)).state).toBe('WAITING');
  });
  it("connected when the agent's join is older than the page but the agent speaks in it", () => {
    const spoke = item('text/plain', 'AGENT', { displayName: 'Grace' });
    expect(sessionFrom(newest(item('text/plain', 'CUSTOMER'), spoke))).toMatchObject({
      state: 'CONNECTED',
      agentDisplayName: 'Grace',
    });
  });

  it('the contact of the newest item: a persistent chat moves on to a new contact', () => {
    const old = item('text/plain', 'CUSTOMER', { contactId: 'contact-0' });
    expect(sessionFrom(newest(old, item('text/plain', 'CUSTOMER', { contactId: 'contact-2' }))).contactId).toBe(
      'contact-2',
    );
  });
  it("the customer's ID from the oldest page when the newest never shows the customer", () => {
    const agentOnly = newest(item(`${EVENT}participant.joined`, 'AGENT'), item('text/plain', 'AGENT'));
    expect(sessionFrom(agentOnly, { items: [joined] }).participantId).toBe('customer-1');
  });
});
