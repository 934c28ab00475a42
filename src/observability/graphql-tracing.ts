import { useOpenTelemetry } from '@envelop/opentelemetry';
import { SpanKind, trace } from '@opentelemetry/api';
import type { Plugin } from 'graphql-yoga';

/**
 * A span per GraphQL execution (`mutation.StartChat`), child of the incoming HTTP span and parent
 * of the Connect calls, on the tracer provider `startTracing` registered. Never the variables
 * (customer IDs), the result (participant tokens) or per-resolver spans (their arguments); the
 * document only when it has no inline arguments (the plugin's own rule).
 */
export function useGraphQLTracing(): Plugin {
  return useOpenTelemetry(
    { resolvers: false, variables: false, result: false, document: true },
    trace.getTracerProvider(),
    SpanKind.INTERNAL,
    {},
    'connect-chat-gateway',
  ) as Plugin;
}
