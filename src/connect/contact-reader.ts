import { type Contact, DescribeContactCommand } from '@aws-sdk/client-connect';
import type { ChatContact } from '../chat/contact.js';
import type { ContactReader } from '../chat/ports.js';
import { type ConnectCallRunnerOptions, createConnectCallRunner } from './call-runner.js';
import type { ConnectClientPool } from './client-pool.js';
import { isResourceNotFound } from './sdk-error.js';

/** Options of {@link createContactReader}. */
export interface ContactReaderOptions extends ConnectCallRunnerOptions {
  /** The same pool as the chat starter: same clients, credentials and retry strategy. */
  readonly pool: ConnectClientPool;
}

/** Connect's own bounds for a contact ID (the model's ContactId shape): nothing outside them exists. */
const CONTACT_ID_MAX_LENGTH = 256;

/** Maps the SDK's Contact to the domain type, leaving out what Connect left out. */
export function toChatContact(contact: Contact, contactId: string): ChatContact {
  const members: Record<keyof ChatContact, unknown> = {
    contactId: contact.Id ?? contactId,
    channel: contact.Channel,
    initiationMethod: contact.InitiationMethod,
    initiatedAt: contact.InitiationTimestamp,
    enqueuedAt: contact.QueueInfo?.EnqueueTimestamp,
    connectedToAgentAt: contact.AgentInfo?.ConnectedToAgentTimestamp,
    disconnectedAt: contact.DisconnectTimestamp,
    lastUpdatedAt: contact.LastUpdateTimestamp,
    queueId: contact.QueueInfo?.Id,
    agentId: contact.AgentInfo?.Id,
    disconnectReason: contact.DisconnectReason,
    relatedContactId: contact.RelatedContactId,
    previousContactId: contact.PreviousContactId,
    initialContactId: contact.InitialContactId,
  };
  return Object.fromEntries(
    Object.entries(members).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  ) as unknown as ChatContact;
}

/** The Connect adapter for DescribeContact. */
export function createContactReader(options: ContactReaderOptions): ContactReader {
  const runner = createConnectCallRunner(options);
  return {
    async describe(target, contactId, call) {
      if (contactId.length === 0 || contactId.length > CONTACT_ID_MAX_LENGTH) return null;
      return runner.run({
        operation: 'DescribeContact',
        target,
        call,
        command: () => new DescribeContactCommand({ InstanceId: target.instanceId, ContactId: contactId }),
        send: (sdkCommand) => options.pool.clientFor(target).send(sdkCommand),
        read: (output) => {
          if (!output.Contact) throw new Error('DescribeContact answered without Contact');
          return toChatContact(output.Contact, contactId);
        },
        // An unknown contact is an answer: null, and the schema puts NOT_FOUND on its path.
        answer: (error) => (isResourceNotFound(error) ? { outcome: 'not_found', value: null } : undefined),
      });
    },
  };
}
