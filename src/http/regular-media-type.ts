/** The two media types of a single (not streamed) GraphQL result. */
export type RegularMediaType = 'application/graphql-response+json' | 'application/json';

/** Whether an asked media type (`*` allowed on either side) matches `type`. */
export const mediaTypeMatches = (asked: string, type: string) => {
  const [askedMain, askedSub] = asked.split('/');
  const [main, sub] = type.split('/');
  return (askedMain === '*' || askedMain === main) && (askedSub === '*' || askedSub === sub);
};

/**
 * The media types an Accept header asks for, in its order, as Yoga reads them
 * (`result-processor/accept.js`): whitespace removed, lower case, parameters dropped, and an entry
 * with a charset other than UTF-8 left out (Yoga answers in UTF-8 only).
 */
export function acceptedMediaTypes(accept: string | null): string[] {
  const types: string[] = [];
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [asked = '', ...params] = entry.split(';');
    const charset = params.find((p) => p.includes('charset=')) ?? 'charset=utf-8';
    if (charset === 'charset=utf-8') types.push(asked);
  }
  return types;
}

// Clients send a handful of distinct Accept headers: each is read once, not on every request.
// Bounded in count and in the length of what is kept: any other header is read every time.
const known = new Map<string | null, RegularMediaType | undefined>();
const KNOWN_MAX = 64;
const KNOWN_MAX_LENGTH = 256;

/**
 * The media type Yoga answers a single result in, for this Accept header: the first accepted type
 * (in the header's order, UTF-8 only) that either regular type matches; `application/json` when
 * both do (`*∕*`, `application/*`). Undefined when neither does (the request wants an event
 * stream or multipart): not a request the direct path answers. Mirrors graphql-yoga's result
 * processor (`use-result-processor.js`, `accept.js`), checked against it by
 * test/direct-path.test.ts.
 */
export function regularMediaTypeFor(accept: string | null): RegularMediaType | undefined {
  if (known.has(accept)) return known.get(accept);
  let found: RegularMediaType | undefined;
  for (const asked of acceptedMediaTypes(accept)) {
    if (mediaTypeMatches(asked, 'application/json')) found = 'application/json';
    else if (mediaTypeMatches(asked, 'application/graphql-response+json')) found = 'application/graphql-response+json';
    if (found) break;
  }
  if (accept !== null && accept.length > KNOWN_MAX_LENGTH) return found;
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(accept, found);
  return found;
}
