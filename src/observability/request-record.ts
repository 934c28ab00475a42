/** What one request collects on its way through Yoga, kept on the request until its completion line is written. */
import { createRequestSlot } from '../request-slot.js';

/** A root field of the operation a request runs, by response key. */
export interface RootField {
  readonly name: string;
  /** The named return type: the outcome of a field that resolved without error. */
  readonly typeName: string;
  readonly abstract: boolean;
}

/** What one request collects on its way through Yoga, until `onResponse` logs and counts it. */
export interface RequestRecord {
  readonly started?: number;
  /** The URL's path, from `onRequest` (parsed once by Yoga). */
  path?: string;
  /**
   * Names of the operations run, from the document (or the request's `operationName` when the
   * document did not validate). Client text: logged, truncated, never a metric label.
   */
  readonly operationNames: string[];
  readonly requestedNames: string[];
  /** Root fields of each validated operation, e.g. `startChatContact`. */
  readonly operations: string[];
  /** Response key → root field, of the validated operations. */
  readonly rootFields: Map<string, RootField>;
  /** Response key → concrete types the schema resolved for an abstract root field. */
  readonly resolvedTypes: Map<string, Set<string>>;
  readonly outcomes: string[];
  /** Codes of every error in the results, nested ones included (for the log). */
  readonly errorCodes: string[];
  /** Set once a GraphQL result was produced (executed or refused). */
  results: number;
  tenantId?: string;
  via?: string;
  /** The Connect calls the request made, summed. */
  connect?: { calls: number; attempts: number; latencyMs: number };
}

/** A new, empty record; `started` is a `performance.now()` reading. */
export function newRecord(started?: number): RequestRecord {
  return {
    ...(started !== undefined ? { started } : {}),
    operationNames: [],
    requestedNames: [],
    operations: [],
    rootFields: new Map(),
    resolvedTypes: new Map(),
    outcomes: [],
    errorCodes: [],
    results: 0,
  };
}

/** Shared by every app in the process: the wrapped `resolveType` finds its request's record here. */
export const records = createRequestSlot<RequestRecord>('chat-gateway.request-record');
