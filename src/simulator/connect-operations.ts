/**
 * The Connect operations the simulator serves, once the caller is authenticated: the checks
 * Connect makes (model shapes, documented rules, injected service faults, what exists) in
 * Connect's order, then the contact store, then the output members Connect answers.
 */
import type { Caller } from './auth.js';
import type { ContactStore, StoredContact } from './contact-store.js';
import type { FaultQueue } from './faults.js';
import { DESCRIBE_CONTACT_SHAPES, START_CHAT_SHAPES, validateShape } from './model.js';
import { epochSeconds } from './rest-json.js';
import { checkChatRules } from './rules.js';

/** An operation's result: the error type and message Connect would answer, or the contact. */
export type Outcome = { error: string; message: string } | { contact: StoredContact };

const refuse = (error: string, message: string): Outcome => ({ error, message });

const INTERNAL_ERROR = 'Request processing failed because of an error or failure with the service.';

/**
 * StartChatContact and DescribeContact over `store`, taking service faults from `faults`.
 * `beforeDescribe` runs before a contact is read (the chats end one whose chat duration is over).
 */
export function createConnectOperations(
  store: ContactStore,
  faults: FaultQueue,
  beforeDescribe: (contactId: string) => void = () => {},
) {
  function startChatContact(body: Record<string, unknown>, caller: Caller): Outcome {
    const problems = validateShape(START_CHAT_SHAPES, 'StartChatContactRequest', body);
    if (problems.length > 0) {
      return refuse(
        'InvalidParameterException',
        `${problems.length} validation error(s) detected: ${problems.join('; ')}`,
      );
    }
    const rule = checkChatRules(body);
    if (rule) return refuse('InvalidParameterException', rule);
    const fault = faults.take(['throttle', 'chatLimit', 'serverError']);
    if (fault?.kind === 'throttle') return refuse('TooManyRequestsException', 'Rate exceeded');
    if (fault?.kind === 'chatLimit') {
      return refuse('LimitExceededException', 'The allowed limit for the resource has been exceeded.');
    }
    if (fault?.kind === 'serverError') return refuse('InternalServiceException', INTERNAL_ERROR);
    const instanceId = body.InstanceId as string;
    if (!store.hasFlow(instanceId, body.ContactFlowId as string)) {
      return refuse('ResourceNotFoundException', 'The specified resource was not found.');
    }
    const source = (body.PersistentChat as { SourceContactId?: string } | undefined)?.SourceContactId;
    const related = body.RelatedContactId as string | undefined;
    for (const id of [source, related]) {
      if (id !== undefined && !store.find(instanceId, id)) {
        return refuse('ResourceNotFoundException', 'The specified contact was not found.');
      }
    }
    const contact = store.start(
      {
        instanceId,
        ...(typeof body.ClientToken === 'string' ? { clientToken: body.ClientToken } : {}),
        ...(typeof body.CustomerId === 'string' ? { customerId: body.CustomerId } : {}),
        ...(source !== undefined ? { sourceContactId: source } : {}),
        ...(related !== undefined ? { relatedContactId: related } : {}),
        displayName: (body.ParticipantDetails as { DisplayName: string }).DisplayName,
        ...(Array.isArray(body.SupportedMessagingContentTypes)
          ? { supportedContentTypes: body.SupportedMessagingContentTypes as string[] }
          : {}),
        ...(typeof body.ChatDurationInMinutes === 'number' ? { chatDurationMinutes: body.ChatDurationInMinutes } : {}),
        ...(body.InitialMessage
          ? { initialMessage: body.InitialMessage as { ContentType: string; Content: string } }
          : {}),
      },
      caller,
    );
    return { contact };
  }

  /** DescribeContact: only the contacts of the instance in the path; any other ID is not found there. */
  function describeContact(instanceId: string, contactId: string): Outcome {
    const problems = validateShape(DESCRIBE_CONTACT_SHAPES, 'DescribeContactRequest', {
      InstanceId: instanceId,
      ContactId: contactId,
    });
    if (problems.length > 0) {
      return refuse(
        'InvalidParameterException',
        `${problems.length} validation error(s) detected: ${problems.join('; ')}`,
      );
    }
    const fault = faults.take(['throttle', 'serverError'], 'DescribeContact');
    if (fault?.kind === 'throttle') return refuse('ThrottlingException', 'Rate exceeded.');
    if (fault?.kind === 'serverError') return refuse('InternalServiceException', INTERNAL_ERROR);
    beforeDescribe(contactId);
    const contact = store.find(instanceId, contactId);
    if (!contact) return refuse('ResourceNotFoundException', 'Contact not found.');
    return { contact };
  }

  return { startChatContact, describeContact };
}

/** The StartChatContact response members. */
export function startChatContactOutput(contact: StoredContact) {
  const { ContactId, ParticipantId, ParticipantToken, ContinuedFromContactId } = contact;
  return {
    ContactId,
    ParticipantId,
    ParticipantToken,
    ...(ContinuedFromContactId ? { ContinuedFromContactId } : {}),
  };
}

/** The DescribeContact `Contact` structure, with the model's member names; absent members are left out. */
export function describeContactOutput(contact: StoredContact) {
  return {
    Arn: contact.arn,
    Id: contact.ContactId,
    ...(contact.ContinuedFromContactId ? { PreviousContactId: contact.ContinuedFromContactId } : {}),
    InitiationMethod: 'API',
    Channel: 'CHAT',
    QueueInfo: { Id: contact.queueId, EnqueueTimestamp: epochSeconds(contact.enqueuedAt) },
    ...(contact.agentId !== undefined && contact.connectedToAgentAt !== undefined
      ? { AgentInfo: { Id: contact.agentId, ConnectedToAgentTimestamp: epochSeconds(contact.connectedToAgentAt) } }
      : {}),
    InitiationTimestamp: epochSeconds(contact.initiatedAt),
    ...(contact.disconnectedAt !== undefined ? { DisconnectTimestamp: epochSeconds(contact.disconnectedAt) } : {}),
    LastUpdateTimestamp: epochSeconds(contact.lastUpdatedAt),
    ...(contact.relatedContactId ? { RelatedContactId: contact.relatedContactId } : {}),
    ...(contact.customerId ? { CustomerId: contact.customerId } : {}),
    ...(contact.disconnectReason ? { DisconnectReason: contact.disconnectReason } : {}),
  };
}
