import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { createRequestSlot } from '../request-slot.js';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Request IDs assigned per request; read them with `requestIdOf`. */
export interface RequestIds {
  readonly plugin: Plugin;
  requestIdOf(request: Request): string;
  /** Writes the request's ID into its response's headers. */
  stamp(request: Request, headers: Headers): void;
}

/**
 * Gives every request an ID: a sane incoming `x-request-id` is kept, anything else is replaced by
 * a UUID. Every response carries it back.
 */
export function useRequestId(): RequestIds {
  const ids = createRequestSlot<string>('chat-gateway.request-id');
  const requestIdOf = (request: Request) => {
    let id = ids.get(request);
    if (!id) {
      const incoming = request.headers.get('x-request-id');
      id = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
      ids.set(request, id);
    }
    return id;
  };
  const stamp = (request: Request, headers: Headers) => headers.set('x-request-id', requestIdOf(request));
  return {
    requestIdOf,
    stamp,
    plugin: {
      onRequest({ request }) {
        requestIdOf(request);
      },
      onResponse({ request, response }) {
        stamp(request, response.headers);
      },
    },
  };
}
