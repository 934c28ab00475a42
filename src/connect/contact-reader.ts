import { type Contact, DescribeContactCommand } from '@aws-sdk/client-connect';
import type { ChatContact } from '../chat/contact.js';
import type { ContactReader } from '../chat/ports.js';
import type { ConnectTarget } from '../chat/tenant.js';
import { connectOutcome, observeConnectCall, reportConnectCall } from '../observability/connect-calls.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { ConnectClientPool } from './client-pool.js';
import { withDeadline } from './deadline.js';
import { failedConnectCall } from './map-error.js';

/** Reads contacts from Connect; throws a domain `ChatError` for every failure but "no such contact". */

/** Options of {@link createContactReader}. */
export interface ContactReaderOptions {
  /** The same pool as the chat starter: same clients, credentials and retry strategy. */
  readonly pool: ConnectClientPool;
  /** Overall deadline of one describe, retries and backoff included. */
  readonly deadlineMs: number;
  /** Latency, outcome and retries of each call. */
  readonly metrics?: GatewayMetrics;
}

/** Connect's own bounds for a contact ID (the model's ContactId shape): nothing outside them exists. */
const CONTACT_ID_MAX_LENGTH = 256;

function isNotFound(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'ResourceNotFoundException';
}

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
  return {
    async describe(target, contactId, call) {
      if (contactId.length === 0 || contactId.length > CONTACT_ID_MAX_LENGTH) return null;
      let observed: ReturnType<typeof observeConnectCall> | undefined;
      try {
        const client = options.pool.clientFor(target);
        const sdkCommand = new DescribeContactCommand({ InstanceId: target.instanceId, ContactId: contactId });
        observed = observeConnectCall({
          operation: 'DescribeContact',
          region: target.region,
          metrics: options.metrics,
          stack: sdkCommand.middlewareStack,
        });
        const output = await withDeadline(options.deadlineMs, (abortSignal) =>
          client.send(sdkCommand, { abortSignal }),
        );
        if (!output.Contact) throw new Error('DescribeContact answered without Contact');
        reportConnectCall(call, 'DescribeContact', target.region, observed.finish('ok'));
        return toChatContact(output.Contact, contactId);
      } catch (error) {
        if (isNotFound(error)) {
          if (observed) reportConnectCall(call, 'DescribeContact', target.region, observed.finish('not_found'));
          return null;
        }
        throw failedConnectCall(error, 'DescribeContact', target, call, observed?.finish(connectOutcome(error)));
      }
    },
  };
}
