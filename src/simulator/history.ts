/**
 * The simulator remembers calls and contacts for tests to assert on, but a long `npm start` or a
 * benchmark sends it hundreds of thousands: past a limit the oldest are forgotten.
 */
export const DEFAULT_HISTORY_LIMIT = 10_000;

/** Appends `item`, dropping the oldest entries beyond `limit` (shift is O(1) on V8's arrays of this size). */
export function pushBounded<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  while (list.length > limit) list.shift();
}

/** Sets `key`, deleting the oldest keys (in insertion order) beyond `limit`; returns what it deleted. */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): V[] {
  map.set(key, value);
  const evicted: V[] = [];
  for (const oldest of map.keys()) {
    if (map.size <= limit) break;
    evicted.push(map.get(oldest)!);
    map.delete(oldest);
  }
  return evicted;
}
