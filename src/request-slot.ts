/**
 * A per-request value kept on the request object itself under a private symbol. WeakMaps keyed by
 * short-lived requests made every young-generation GC process their entries (ephemerons); a
 * property dies with the request at no extra cost (docs/performance.md).
 */
export interface RequestSlot<T> {
  get(request: Request): T | undefined;
  set(request: Request, value: T): void;
  delete(request: Request): void;
}

export function createRequestSlot<T>(description: string): RequestSlot<T> {
  const key = Symbol(description);
  type Holder = { [key]?: T };
  return {
    get: (request) => (request as unknown as Holder)[key],
    set: (request, value) => {
      (request as unknown as Holder)[key] = value;
    },
    delete: (request) => {
      (request as unknown as Holder)[key] = undefined;
    },
  };
}
