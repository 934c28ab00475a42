/**
 * A contact as other subgraphs see it next to their own data: a useful subset of Connect's
 * DescribeContact, in domain terms. Times are Date objects; absent means "not yet" or unknown.
 */
export interface ChatContact {
  readonly contactId: string;
  /** VOICE, CHAT, TASK or EMAIL. */
  readonly channel?: string;
  /** INBOUND, API, TRANSFER, … as Connect names it. */
  readonly initiationMethod?: string;
  readonly initiatedAt?: Date;
  readonly enqueuedAt?: Date;
  readonly connectedToAgentAt?: Date;
  readonly disconnectedAt?: Date;
  readonly lastUpdatedAt?: Date;
  readonly queueId?: string;
  readonly agentId?: string;
  /** E.g. CUSTOMER_DISCONNECT, AGENT_DISCONNECT, EXPIRED. */
  readonly disconnectReason?: string;
  readonly relatedContactId?: string;
  readonly previousContactId?: string;
  readonly initialContactId?: string;
}

/** Where a chat is in its life, derived from the timestamps Connect reports. */
export type ChatContactState = 'INITIATED' | 'QUEUED' | 'CONNECTED_TO_AGENT' | 'DISCONNECTED';

export function contactState(contact: ChatContact): ChatContactState {
  if (contact.disconnectedAt) return 'DISCONNECTED';
  if (contact.connectedToAgentAt) return 'CONNECTED_TO_AGENT';
  if (contact.enqueuedAt) return 'QUEUED';
  return 'INITIATED';
}
