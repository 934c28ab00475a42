import { afterAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, startGatewayProcess } from './helpers/process.js';

const START = 'mutation { startChatContact(input: { participantDetails: { displayName: "Drain" } }) { __typename } }';

describe('graceful shutdown (src/main.ts in its own process)', () => {
  const running: GatewayProcess[] = [];
  afterAll(async () => {
    for (const gateway of running) await gateway.stop('SIGKILL');
  });

  it('answers all 50 in-flight chat starts on SIGTERM, refuses new requests and exits within its deadline', async () => {
    // Every Connect call takes 2 s; SIGTERM comes once all 50 starts reached the use case ("starting
    // chat", logged at debug), so on any machine most, usually all, are in flight then.
    const gateway = await startGatewayProcess({
      NODE_ENV: 'development',
      LOG_LEVEL: 'debug',
      RATE_LIMIT: 'off',
      SIMULATOR_FAULTS: 'latency@2000',
      SHUTDOWN_GRACE_MS: '60000',
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
    while (gateway.lines.filter((line) => line.includes('"msg":"starting chat"')).length < 50) {
      await new Promise((r) => setTimeout(r, 20));
    }
    gateway.child.kill('SIGTERM');
    const signalled = Date.now();
    while (!gateway.lines.some((line) => line.includes('"msg":"shutting down"'))) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const late = await send().then(
      (r) => `HTTP ${r.status}`,
      (error: Error) => `refused: ${(error.cause as { code?: string } | undefined)?.code ?? error.message}`,
    );

    const results = await Promise.all(inFlight);
    const [code] = await new Promise<[number | null]>((resolve) => {
      if (gateway.child.exitCode !== null) resolve([gateway.child.exitCode]);
      else gateway.child.once('exit', (c) => resolve([c]));
    });

    expect(results.map((r) => `${r.status} ${r.body.data?.startChatContact?.__typename}`)).toEqual(
      Array.from({ length: 50 }, () => '200 StartChatContactPayload'),
    );
    expect(late).toMatch(/^refused|^HTTP 503/);
    expect(code).toBe(0);
    // Within its 60 s grace, however slow the machine: it exits once the drained calls (2 s each) end.
    expect(Date.now() - signalled).toBeLessThan(60_000);
    const log = gateway.lines.join('\n');
    // Every request in flight at SIGTERM was drained, none cut, and the exit was not forced.
    const drained = Number(/"inFlight":(\d+)[^\n]*shutting down/.exec(log)?.[1]);
    expect(drained).toBeGreaterThan(0);
    expect(log).toContain(`"drained":${drained},"cut":0`);
    expect(log).not.toContain('exiting anyway');
  });
});
