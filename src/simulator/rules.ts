/**
 * Rules Connect enforces beyond the model's shapes, as its documentation states them.
 * Each returns the message Connect's InvalidParameterException would carry.
 */

const ALLOWED_CONTENT_TYPES = new Set([
  'text/plain',
  'text/markdown',
  'application/json',
  'application/vnd.amazonaws.connect.message.interactive',
  'application/vnd.amazonaws.connect.message.interactive.response',
]);
const INTERACTIVE = 'application/vnd.amazonaws.connect.message.interactive';
const INTERACTIVE_RESPONSE = 'application/vnd.amazonaws.connect.message.interactive.response';
const MAX_ATTRIBUTE_BYTES = 32768;

type Body = Record<string, unknown>;

function segmentValues(map: unknown): Record<string, unknown>[] {
  if (typeof map !== 'object' || map === null) return [];
  return Object.values(map).flatMap((value) => {
    const v = value as Record<string, unknown>;
    return [v, ...segmentValues(v.ValueMap)];
  });
}

/** Returns the first broken rule, or undefined. */
export function checkChatRules(body: Body): string | undefined {
  const attributes = (body.Attributes ?? {}) as Record<string, string>;
  for (const key of Object.keys(attributes)) {
    if (!/^[A-Za-z0-9_-]+$/.test(key))
      return `Attribute key ${JSON.stringify(key)} contains characters that are not allowed.`;
  }
  const bytes = Object.entries(attributes).reduce(
    (sum, [k, v]) => sum + Buffer.byteLength(k, 'utf8') + Buffer.byteLength(String(v), 'utf8'),
    0,
  );
  if (bytes > MAX_ATTRIBUTE_BYTES) return `Attributes exceed ${MAX_ATTRIBUTE_BYTES} bytes.`;

  const types = body.SupportedMessagingContentTypes as string[] | undefined;
  if (types) {
    const unknown = types.find((t) => !ALLOWED_CONTENT_TYPES.has(t));
    if (unknown) return `Unsupported content type ${unknown}.`;
    if (!types.includes('text/plain')) return 'SupportedMessagingContentTypes must include text/plain.';
  }
  const message = body.InitialMessage as { ContentType?: string } | undefined;
  if (
    message?.ContentType &&
    (!ALLOWED_CONTENT_TYPES.has(message.ContentType) || message.ContentType === INTERACTIVE)
  ) {
    return `Unsupported initial message content type ${message.ContentType}.`;
  }
  if (body.PersistentChat && body.RelatedContactId) {
    return 'PersistentChat and RelatedContactId cannot be used together.';
  }
  const segments = body.SegmentAttributes as Record<string, { ValueString?: string }> | undefined;
  if (segmentValues(segments).some((v) => v.ValueList !== undefined || v.ValueArn !== undefined)) {
    return 'ValueList and ValueArn are reserved for system attributes.';
  }
  if (segments?.['connect:Subtype']?.ValueString === 'connect:Guide') {
    if (!types?.includes(INTERACTIVE) || !types.includes(INTERACTIVE_RESPONSE)) {
      return 'connect:Guide chats must support interactive and interactive response content types.';
    }
  }
  return undefined;
}
