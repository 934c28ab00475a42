import type { SegmentAttributeValue as SdkSegmentValue, StartChatContactCommandInput } from '@aws-sdk/client-connect';
import type { SegmentAttributeValue, StartChatCommand } from '../chat/command.js';
import { CONTENT_TYPE_MIME } from '../chat/content-types.js';
import type { ConnectTarget } from '../chat/tenant.js';

function toSdkSegmentValue(value: SegmentAttributeValue): SdkSegmentValue {
  if (value.valueString !== undefined) return { ValueString: value.valueString };
  if (value.valueInteger !== undefined) return { ValueInteger: value.valueInteger };
  return { ValueMap: toSdkSegmentMap(value.valueMap ?? {}) };
}

function toSdkSegmentMap(map: Readonly<Record<string, SegmentAttributeValue>>): Record<string, SdkSegmentValue> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, toSdkSegmentValue(value)]));
}

/** Maps a validated command and the tenant's target to the SDK's PascalCase request. */
export function toStartChatContactInput(
  target: ConnectTarget,
  command: StartChatCommand,
): StartChatContactCommandInput {
  return {
    InstanceId: target.instanceId,
    ContactFlowId: target.contactFlowId,
    ParticipantDetails: { DisplayName: command.displayName },
    Attributes: command.attributes ? { ...command.attributes } : undefined,
    InitialMessage: command.initialMessage
      ? { ContentType: CONTENT_TYPE_MIME[command.initialMessage.contentType], Content: command.initialMessage.content }
      : undefined,
    ClientToken: command.clientToken,
    ChatDurationInMinutes: command.chatDurationInMinutes,
    SupportedMessagingContentTypes: command.supportedContentTypes?.map((type) => CONTENT_TYPE_MIME[type]),
    PersistentChat: command.persistentChat
      ? {
          RehydrationType: command.persistentChat.rehydrationType,
          SourceContactId: command.persistentChat.sourceContactId,
        }
      : undefined,
    RelatedContactId: command.relatedContactId,
    SegmentAttributes: command.segmentAttributes ? toSdkSegmentMap(command.segmentAttributes) : undefined,
    CustomerId: command.customerId,
    ParticipantConfiguration: command.responseMode ? { ResponseMode: command.responseMode } : undefined,
    DisconnectOnCustomerExit: command.disconnectOnCustomerExit ? [...command.disconnectOnCustomerExit] : undefined,
  };
}
