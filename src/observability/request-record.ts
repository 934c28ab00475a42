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
  /**
   * Response key → root field, of the validated operations: the cached shape's own map for one
   * operation (never written to), a merged copy for more.
   */
  rootFields: ReadonlyMap<string, RootField>;
  /** Response key → concrete types the schema resolved for an abstract root field; made on the first. */
  resolvedTypes?: Map<string, string[]>;
  readonly outcomes: string[];
  /** Codes of every error in the results, nested ones included (for the log). */
  readonly errorCodes: string[];
  /** Set once a GraphQL result was produced (executed or refused). */
  results: number;
  tenantId?: string;
  via?: string;
  /** The Connect calls the request made, summed. */
  connect?: { calls: number; attempts: number; latencyMs: number };
  /** Answered by the direct path, not by Yoga. */
  direct?: true;
}

const NO_FIELDS: ReadonlyMap<string, RootField> = new Map();

/**
 * A new, empty record; `started` is a `performance.now()` reading. One per request: every record has
 * the same shape, and the maps are only made when a request needs them.
 */
export function newRecord(started?: number): RequestRecord {
  return {
    started,
    path: undefined,
    operationNames: [],
    requestedNames: [],
    operations: [],
    rootFields: NO_FIELDS,
    resolvedTypes: undefined,
    outcomes: [],
    errorCodes: [],
    results: 0,
    tenantId: undefined,
    via: undefined,
    connect: undefined,
    direct: undefined,
  };
}

/** Shared by every app in the process: the wrapped `resolveType` finds its request's record here. */
export const records = createRequestSlot<RequestRecord>('chat-gateway.request-record');
