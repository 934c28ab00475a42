/**
 * The frames of Amazon Connect's chat websocket, as its own client (chatjs's websocket manager,
 * `src/lib/amazon-connect-websocket-manager.js`) sends and reads them. Every frame is a JSON text
 * message with a `topic`:
 * - the client subscribes with `{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}` and
 *   is answered `{"topic":"aws/subscribe","content":{"status":"success","topics":["aws/chat"]}}`
 *   (`"failure"` otherwise);
 * - it sends `{"topic":"aws/heartbeat"}` every 10 s and expects the same topic back before the next;
 *   `{"topic":"aws/ping"}` (its "deep heartbeat") is answered with `statusCode` 200;
 * - each chat item arrives as `{"content":"<the item as a JSON string>","contentType":"application/json","topic":"aws/chat"}`,
 *   the item with its `InitialContactId` and `ContactId`;
 * - anything else is answered as API Gateway answers a route it does not have:
 *   `{"message":"Forbidden","connectionId":…,"requestId":…}` (chatjs reads such a frame as a topic failure).
 */
import { randomUUID } from 'node:crypto';
import type { ChatItem } from './chats.js';

/** The only topic a chat participant subscribes to. */
export const CHAT_TOPIC = 'aws/chat';

/** What a client sent, as the simulator understands it. */
export type ClientFrame =
  | { readonly kind: 'subscribe'; readonly topics: readonly string[] }
  | { readonly kind: 'heartbeat' }
  | { readonly kind: 'ping' }
  | { readonly kind: 'unknown' };

/** Reads a text frame from the client; anything not a known topic is `unknown`. */
export function readClientFrame(text: string): ClientFrame {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return { kind: 'unknown' };
  }
  if (typeof frame !== 'object' || frame === null) return { kind: 'unknown' };
  const { topic, content } = frame as { topic?: unknown; content?: unknown };
  if (topic === 'aws/heartbeat') return { kind: 'heartbeat' };
  if (topic === 'aws/ping') return { kind: 'ping' };
  if (topic === 'aws/subscribe') {
    const topics = (content as { topics?: unknown } | undefined)?.topics;
    const list = Array.isArray(topics) ? topics.filter((t): t is string => typeof t === 'string') : [];
    return { kind: 'subscribe', topics: list };
  }
  return { kind: 'unknown' };
}

/** The answer to a subscription: success when every topic asked for is `aws/chat`. */
export function subscribeAnswer(topics: readonly string[]): { frame: string; subscribed: boolean } {
  const subscribed = topics.length > 0 && topics.every((t) => t === CHAT_TOPIC);
  return {
    frame: JSON.stringify({ topic: 'aws/subscribe', content: { status: subscribed ? 'success' : 'failure', topics } }),
    subscribed,
  };
}

export const HEARTBEAT_ANSWER = JSON.stringify({ topic: 'aws/heartbeat' });
export const PING_ANSWER = JSON.stringify({ topic: 'aws/ping', statusCode: 200, statusContent: 'OK' });

/** API Gateway's answer to a frame no route takes. */
export function forbidden(connectionId: string): string {
  return JSON.stringify({ message: 'Forbidden', connectionId, requestId: randomUUID() });
}

/** A chat item as Connect pushes it: members in Connect's order, absent ones left out. */
export function chatFrame(item: ChatItem, initialContactId: string): string {
  const content = JSON.stringify({
    AbsoluteTime: item.AbsoluteTime,
    Attachments: item.Attachments,
    Content: item.Content,
    ContentType: item.ContentType,
    Id: item.Id,
    Type: item.Type,
    ParticipantId: item.ParticipantId,
    DisplayName: item.DisplayName,
    ParticipantRole: item.ParticipantRole,
    InitialContactId: initialContactId,
    ContactId: item.ContactId,
  });
  return JSON.stringify({ content, contentType: 'application/json', topic: CHAT_TOPIC });
}
