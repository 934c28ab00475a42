import { afterAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, startGatewayProcess } from './helpers/process.js';

const START = 'mutation { startChatContact(input: { participantDetails: { displayName: "Drain" } }) { __typename } }';

describe('graceful shutdown (src/main.ts in its own process)', () => {
  const running: GatewayProcess[] = [];
  afterAll(async () => {
    for (const gateway of running) await gateway.stop('SIGKILL');
  });

  it('answers all 50 in-flight chat starts on SIGTERM, refuses new requests and exits within its deadline', async () => {
    // Every Connect call takes 600 ms, so the 50 starts are in flight when SIGTERM arrives.
    const gateway = await startGatewayProcess({
      NODE_ENV: 'development',
      RATE_LIMIT: 'off',
      SIMULATOR_FAULTS: 'latency@600',
      SHUTDOWN_GRACE_MS: '5000',
    });
    running.push(gateway);
    const send = () =>
      fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'demo-public-key' },
        body: JSON.stringify({ query: START }),
      });
    const inFlight = Array.from({ length: 50 }, () =>
      send().then(async (r) => ({ status: r.status, body: await r.json() })),
    );
    await new Promise((r) => setTimeout(r, 250));
    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 50));
    const late = await send().then(
      (r) => `HTTP ${r.status}`,
      (error: Error) => `refused: ${(error.cause as { code?: string } | undefined)?.code ?? error.message}`,
    );

    const results = await Promise.all(inFlight);
    const [code] = await new Promise<[number | null]>((resolve) => {
      if (gateway.child.exitCode !== null) resolve([gateway.child.exitCode]);
      else gateway.child.once('exit', (c) => resolve([c]));
    });
    const elapsed = Date.now() - signalled;

    expect(results.map((r) => `${r.status} ${r.body.data?.startChatContact?.__typename}`)).toEqual(
      Array.from({ length: 50 }, () => '200 StartChatContactPayload'),
    );
    expect(late).toMatch(/^refused|^HTTP 503/);
    expect(code).toBe(0);
    expect(elapsed).toBeLessThan(5000);
    const log = gateway.lines.join('\n');
    expect(log).toMatch(/"inFlight":50[^\n]*shutting down/);
    expect(log).toMatch(/"drained":50,"cut":0/);
  });
});
