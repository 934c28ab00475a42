import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * The request-level tests (in-process and loopback, no browser), run a second time with
 * DIRECT_PATH=off: every request through Yoga. The first run has the direct path on, as deployed;
 * both must pass, so that the two paths answer alike (issue 17). Long stream and fault runs are
 * left out of the second: their requests are not the hot documents'.
 */
const REQUEST_LEVEL = [
  'test/availability.e2e.test.ts',
  'test/availability.test.ts',
  'test/caller.test.ts',
  'test/chat-session.e2e.test.ts',
  'test/clients.e2e.test.ts',
  'test/continuation.e2e.test.ts',
  'test/conversation-attachments.e2e.test.ts',
  'test/conversation-attachments.test.ts',
  'test/conversation-policy.test.ts',
  'test/conversation-rate-limit.e2e.test.ts',
  'test/conversation.e2e.test.ts',
  'test/conversation.test.ts',
  'test/deep-input.test.ts',
  'test/hardening.test.ts',
  'test/http.test.ts',
  'test/isolation.e2e.test.ts',
  'test/jwt.e2e.test.ts',
  'test/lambda.test.ts',
  'test/logs-redaction.test.ts',
  'test/memory-pinning.test.ts',
  'test/observability-metrics.test.ts',
  'test/own-origins.e2e.test.ts',
  'test/prototype-keys.test.ts',
  'test/rate-limit.e2e.test.ts',
  'test/retry-isolation.e2e.test.ts',
  'test/shared-instance.e2e.test.ts',
  'test/start-chat.e2e.test.ts',
  'test/supergraph.e2e.test.ts',
  'test/tenant-policy.e2e.test.ts',
  'test/validation.test.ts',
];

export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS build for Yoga and Pothos; make Vite use the same file,
    // or `instanceof GraphQLError` fails across two copies and expected errors get masked.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // Generous: the suite must pass on a busy machine; tests wait for events, never for time.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'direct', include: ['test/**/*.test.ts'] } },
      { extends: true, test: { name: 'yoga-only', include: REQUEST_LEVEL, env: { DIRECT_PATH: 'off' } } },
    ],
  },
});
