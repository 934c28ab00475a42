import toFastProperties from 'to-fast-properties';

/**
 * Gives a client's resolved configuration fast properties again; call it once, when the client is
 * made. The SDK builds `client.config` with one `Object.assign` after another, and V8 turns an
 * object that keeps growing that way into a hash table ("dictionary mode": 44 properties here).
 * Then on every call the SDK copies that object whole (`{ ...config, ...context }` in its
 * serialisation and deserialisation middlewares, and in the signer): with a hash table each copy
 * takes V8's slow path, ≈ 8 µs against ≈ 0.9 µs with fast properties, and more than a third of
 * the instructions of a bare StartChatContact call (docs/performance.md). Same object, same
 * properties and values: only V8's layout of it changes, so the middlewares that hold the object
 * see nothing else.
 */
export function withFastConfig<T extends { readonly config: object }>(client: T): T {
  toFastProperties(client.config);
  return client;
}
