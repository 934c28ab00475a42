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

/**
 * The federation directives the schema uses, which its `@link` imports. Named here because the
 * plugin would otherwise build the whole schema once more at start-up only to find them (≈ 50 ms of
 * a cold start, docs/performance.md); test/federation.test.ts fails when the schema uses another.
 */
export const FEDERATION_DIRECTIVES = ['@key'];

/** Builds the subgraph schema from the domain files (`_service`, `_entities` included). */
export function createSchema() {
  return builder.toSubGraphSchema({
    linkUrl: FEDERATION_SPEC_URL,
    federationDirectives: FEDERATION_DIRECTIVES,
    sortSchema: false,
  });
}
