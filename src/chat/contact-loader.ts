import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import type { ChatContact } from './contact.js';
import type { CallContext, ContactReader } from './ports.js';
import type { ConnectTarget } from './tenant.js';

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

/** A public caller asked for a contact: only the trusted router may read contacts. */
export class ContactReadNotAllowedError extends Error {
  override name = 'ContactReadNotAllowedError';
  constructor() {
    super('Reading contacts needs a request from the trusted router.');
  }
}

/**
 * Builds the per-request contact loader. Every ChatContact of one operation (the `_entities` of a
 * router's fetch, or payloads of aliased chat starts) goes through it, so each distinct contact
 * costs one DescribeContact.
 */
export function createContactLoader(options: ContactLoaderOptions): ContactLoader {
  const limit = pLimit(options.concurrency);
  return new DataLoader<string, ChatContact | null>(async (contactIds) => {
    if (!options.trusted) return contactIds.map(() => new ContactReadNotAllowedError());
    const results = await Promise.allSettled(
      contactIds.map((id) => limit(() => options.reader.describe(options.target, id, options.call))),
    );
    return results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error)));
  });
}
