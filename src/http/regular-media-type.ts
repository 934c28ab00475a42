/** The two media types of a single (not streamed) GraphQL result. */
export type RegularMediaType = 'application/graphql-response+json' | 'application/json';

const matches = (asked: string, type: string) => {
  const [askedMain, askedSub] = asked.split('/');
  const [main, sub] = type.split('/');
  return (askedMain === '*' || askedMain === main) && (askedSub === '*' || askedSub === sub);
};

/**
 * The media type Yoga answers a single result in, for this Accept header: the first accepted type
 * (in the header's order, UTF-8 only) that either regular type matches; `application/json` when
 * both do (`*∕*`, `application/*`). Undefined when neither does (the request wants an event
 * stream or multipart): not a request the direct path answers. Mirrors graphql-yoga's result
 * processor (`use-result-processor.js`, `accept.js`), checked against it by
 * test/direct-path.test.ts.
 */
export function regularMediaTypeFor(accept: string | null): RegularMediaType | undefined {
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [asked = '', ...params] = entry.split(';');
    const charset = params.find((p) => p.includes('charset=')) ?? 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    if (matches(asked, 'application/json')) return 'application/json';
    if (matches(asked, 'application/graphql-response+json')) return 'application/graphql-response+json';
  }
  return undefined;
}
