import { createGraphQLError, type Plugin } from 'graphql-yoga';

const tooLarge = (maxBytes: number) =>
  createGraphQLError(`Request body larger than ${maxBytes} bytes.`, { extensions: { http: { status: 413 } } });

/** Reads a body stream, giving up as soon as it passes `maxBytes`. */
async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Refuses bodies over `maxBytes` with 413: by Content-Length before reading, and while reading
 * a JSON body sent without one (chunked), so a large body is never buffered whole.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      const declared = Number(request.headers.get('content-length') ?? Number.NaN);
      if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
      const json = (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json');
      if (request.method !== 'POST' || !json || !request.body || Number.isFinite(declared)) return;
      setRequestParser(async (req) => {
        const text = await readLimited(req.body as ReadableStream<Uint8Array>, maxBytes);
        try {
          return JSON.parse(text);
        } catch {
          throw createGraphQLError('POST body sent invalid JSON.', { extensions: { http: { status: 400 } } });
        }
      });
    },
  };
}
