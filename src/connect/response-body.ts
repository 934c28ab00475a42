import { Readable } from 'node:stream';
import { streamCollector } from '@smithy/node-http-handler';

/**
 * Reads an AWS response body (the `IncomingMessage` Node's HTTP handler answers with) into bytes,
 * for the clients' `streamCollector` setting; any other body goes to the SDK's own collector.
 *
 * Why not the SDK's own: it pipes the body into a `Writable`. With that pipe, the objects of calls
 * long answered survived V8's young-generation collections (Node 24: 93–100 % of their sampled
 * objects, against 10–20 % when the body is read with listeners), so V8 started allocating
 * Node's and the SDK's per-call objects straight into the old generation, and each collection left
 * more behind for the next full one: a quarter of the gateway's instructions per message
 * (docs/performance.md, "The response body and the young generation"). Read with listeners,
 * nothing of an answered call outlives the call.
 *
 * Never waits forever: a body that has already ended gives what is left (nothing), an errored one
 * its error, and one that closes before its end an error.
 */
export const readResponseBody: typeof streamCollector = (body) => {
  if (!(body instanceof Readable)) return streamCollector(body);
  if (body.errored) return Promise.reject(body.errored);
  if (body.readableEnded) return Promise.resolve(new Uint8Array(0));
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let ended = false;
    body.on('data', (chunk: Uint8Array | string) => {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    });
    body.once('end', () => {
      ended = true;
      resolve(chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks));
    });
    body.once('error', reject);
    body.once('close', () => {
      if (!ended) reject(body.errored ?? new Error('The response body closed before its end'));
    });
  });
};
