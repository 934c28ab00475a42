import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import pLimit from 'p-limit';
import type { CallContext } from '../connect/chat-starter.js';
import type { ConnectTarget } from '../tenants/tenant.js';
import type { ChatContact } from './contact.js';

/** Reads one contact from Connect (DescribeContact); `null` when the instance has no such contact. */
export interface ContactReader {
  describe(target: ConnectTarget, contactId: string, call: CallContext): Promise<ChatContact | null>;
}

/** A request's contact reads: deduplicated, and at most `concurrency` DescribeContact calls at once. */
export type ContactLoader = DataLoader<string, ChatContact | null>;

export interface ContactLoaderOptions {
  readonly reader: ContactReader;
  /** The calling tenant: contacts are only ever read from its own instance. */
  readonly target: ConnectTarget;
  /** Only requests from the trusted router may read contacts; a public widget key may not. */
  readonly trusted: boolean;
  readonly call: CallContext;
  /** DescribeContact has no batch API and a default quota of 2 requests/second per account. */
  readonly concurrency: number;
}

const notTrusted = () =>
  new GraphQLError('Reading contacts needs a request from the trusted router.', {
    extensions: { code: 'FORBIDDEN', reason: 'CONTACT_READ_NOT_ALLOWED' },
  });

/**
 * Builds the per-request contact loader. Every ChatContact of one operation (the `_entities` of a
 * router's fetch, or payloads of aliased chat starts) goes through it, so each distinct contact
 * costs one DescribeContact.
 */
export function createContactLoader(options: ContactLoaderOptions): ContactLoader {
  const limit = pLimit(options.concurrency);
  return new DataLoader<string, ChatContact | null>(async (contactIds) => {
    if (!options.trusted) return contactIds.map(() => notTrusted());
    const results = await Promise.allSettled(
      contactIds.map((id) => limit(() => options.reader.describe(options.target, id, options.call))),
    );
    return results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error)));
  });
}

/** An unknown contact: null on its path, with this error, never a failed request. */
export function contactNotFound(): GraphQLError {
  return new GraphQLError("No such contact in this tenant's Connect instance.", { extensions: { code: 'NOT_FOUND' } });
}
