import { builder } from './builder.js';
import './errors.js';
import './enums.js';
import './chat.js';
import './settings.js';
import './contact.js';
import './chat-items.js';
import './availability.js';
import './chat-session.js';
import './chat-events.js';
import './conversation.js';
import './transcript.js';
import './attachments.js';

/**
 * The Federation version this subgraph links. 2.9 is the newest that every tool used here
 * composes (`@theguild/federation-composition`, Hive Gateway); Apollo's composition accepts it too.
 */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.9';

/** Builds the subgraph schema from the domain files (`_service`, `_entities` included). */
export function createSchema() {
  return builder.toSubGraphSchema({ linkUrl: FEDERATION_SPEC_URL, sortSchema: false });
}
