import type { GraphQLParams } from 'graphql-yoga';
import type { HotDocument, HotDocuments } from './hot-documents.js';
import { assertDeclaredLength } from './use-body-limit.js';
import { assertNotCrossSiteSimple } from './use-csrf-prevention.js';
import { assertParamsShallow } from './use-input-depth.js';
import { assertRouterGate } from './use-router-gate.js';
import { mayRunAnyDocument, type TrustedDocuments, trustedDocumentIdOf } from './use-trusted-documents.js';

/** The parameters of GraphQL over HTTP, and the trusted document's ID. */
const PARAMETERS = new Set(['query', 'variables', 'operationName', 'extensions', 'documentId']);

const JSON_CONTENT_TYPE = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;

/** Returns a JSON body's parameters when each has the type GraphQL over HTTP requires; otherwise undefined. */
function paramsOf(body: string): GraphQLParams | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  // Yoga refuses any other parameter (400 "Unexpected parameter"): such a request is Yoga's to answer.
  for (const [key, value] of Object.entries(parsed)) if (value != null && !PARAMETERS.has(key)) return undefined;
  const { query, variables, operationName, extensions } = parsed as Record<string, unknown>;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (query !== undefined && typeof query !== 'string') return undefined;
  if (variables != null && !isObject(variables)) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (extensions != null && !isObject(extensions)) return undefined;
  return parsed as GraphQLParams;
}

/** A request the direct path may run: its parameters (a trusted document's text as `query`) and its validated document. */
export interface Admitted {
  readonly params: GraphQLParams;
  readonly hot: HotDocument;
}

/** What the admission checks with: the same settings and functions as the Yoga plugins. */
export interface AdmissionDeps {
  readonly hot: HotDocuments;
  readonly trusted?: TrustedDocuments | undefined;
  readonly maxBodyBytes: number;
  readonly routerSecret?: string | undefined;
  /** The headers that prove a request is not a cross-site form (useCsrfPrevention's). */
  readonly csrfHeaders: readonly string[];
}

/**
 * Which requests the direct path takes (issue 17). It only takes what it is sure of; anything
 * else — another method, path or content type, a document Yoga has not validated, a refusal before
 * the context (depth, signature, trusted documents, CSRF) — goes to Yoga, which answers as before:
 * the refusals stay Yoga's, the direct path never makes its own.
 */
export function createDirectAdmission(deps: AdmissionDeps) {
  /**
   * From the head alone (before a body is read): a POST of JSON to /graphql whose Content-Length
   * (when it has one: an in-process request may not) is within the limit.
   */
  const headAdmits = (method: string | undefined, url: string | undefined, header: (name: string) => string | null) => {
    if (method !== 'POST' || url !== '/graphql') return false;
    if (!JSON_CONTENT_TYPE.test(header('content-type') ?? '')) return false;
    try {
      assertDeclaredLength(header('content-length'), deps.maxBodyBytes);
      return true;
    } catch {
      return false;
    }
  };

  /** The document a request runs, if it is a validated hot one of this kind; nothing about the caller yet. */
  const hotDocumentOf = (request: Request, params: GraphQLParams, kind: HotDocument['kind']) => {
    let source: string | undefined;
    const id = trustedDocumentIdOf(params);
    if (deps.trusted) {
      if (id !== null) source = params.query === undefined ? deps.trusted.get(id) : undefined;
      else if (mayRunAnyDocument(request)) source = params.query;
    } else if (id === null) source = params.query;
    const hot = source === undefined ? undefined : deps.hot.get(source);
    if (!hot || hot.kind !== kind) return undefined;
    if (params.operationName != null && params.operationName !== hot.operationName) return undefined;
    return { hot, source: source as string };
  };

  /** The request's parameters and document, when the direct path may run it; otherwise undefined (Yoga's). */
  const admit = (request: Request, body: string, kind: HotDocument['kind']): Admitted | undefined => {
    const parsed = paramsOf(body);
    if (!parsed) return undefined;
    const found = hotDocumentOf(request, parsed, kind);
    if (!found) return undefined;
    try {
      assertNotCrossSiteSimple(request, deps.csrfHeaders);
      assertParamsShallow(parsed);
      // The router signs what it sent: as in Yoga, checked before a trusted document's text replaces the ID.
      assertRouterGate(deps.routerSecret, parsed, request);
    } catch {
      return undefined;
    }
    // What the persisted-operations plugin hands on: the manifest's document as the query.
    return { params: { ...parsed, query: found.source }, hot: found.hot };
  };

  return { headAdmits, admit, maxBodyBytes: deps.maxBodyBytes };
}

export type DirectAdmission = ReturnType<typeof createDirectAdmission>;
