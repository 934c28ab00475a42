import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { execute } from 'graphql';
import { createContext } from '../../src/context.js';
import { contextDeps, document, gateway, query, request, schema, viaNode } from './in-process.js';

/*
 * Work that scripts/bench/in-situ.ts adds to each request of the bench's baseline server, to see
 * what it costs in a server under load rather than in a loop. Each is a part of the gateway's
 * chat start, in-process (scripts/bench/in-process.ts: no socket, a fake Connect call).
 */

/** node:http's request and response objects alone: read the body, answer a small JSON with four headers. */
function trivialListener(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.once('end', () => {
    const answer = JSON.stringify({
      data: { startChatContact: { __typename: 'StartChatContactPayload', bytes: Buffer.concat(chunks).length } },
    });
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(answer)),
      'x-request-id': randomUUID(),
      'cache-control': 'private, no-store',
    });
    res.end(answer);
  });
}

const initial = () => ({ request, params: { query }, waitUntil: () => undefined });

export const IN_SITU_WORK = {
  /** Nothing: the baseline as it is. */
  none: async () => undefined,
  /** A request and response pair of node:http with a trivial answer (what `gateway` also pays for its pair). */
  http: viaNode(trivialListener),
  /** The gateway's whole chat start through the same pair: direct path, context, execution, log line, metrics. */
  gateway: viaNode(gateway),
  /** The request's context alone (tenant, caller, use cases). */
  context: async () => {
    await createContext(contextDeps, initial());
  },
  /** The context and graphql-js `execute` of the cached document (validation, resolvers, the fake call). */
  execute: async () => {
    const result = await execute({ schema, document, contextValue: await createContext(contextDeps, initial()) });
    if (result.errors) throw result.errors[0];
  },
} satisfies Record<string, () => Promise<unknown>>;

export type InSituWork = keyof typeof IN_SITU_WORK;

export const isInSituWork = (name: string): name is InSituWork => name in IN_SITU_WORK;
