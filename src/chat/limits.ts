/**
 * Limits of the Connect StartChatContact API (service model 2017-08-08), in one place.
 * `test/model-boundaries.test.ts` checks every number here against the official model.
 */
export const limits = {
  displayName: { min: 1, max: 256 },
  attributeKey: { min: 1, max: 32767 },
  attributeValue: { min: 0, max: 32767 },
  /** Across all attribute keys and values, in UTF-8 bytes. */
  attributesTotalBytes: 32768,
  initialMessageContent: { min: 1, max: 16384 },
  clientToken: { max: 500 },
  chatDurationInMinutes: { min: 60, max: 10080, default: 1500 },
  contactId: { min: 1, max: 256 },
  segmentAttributeKey: { min: 1, max: 128 },
  segmentAttributeString: { min: 0, max: 1024 },
  customerId: { min: 1, max: 128 },
  disconnectOnCustomerExit: { min: 1, max: 1 },
  instanceId: { min: 1, max: 100 },
  contactFlowId: { max: 500 },
} as const;

/** Attribute keys Connect accepts. */
export const ATTRIBUTE_KEY_PATTERN = /^[A-Za-z0-9_-]+$/;
