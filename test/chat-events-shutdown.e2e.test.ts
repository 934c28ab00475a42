import { afterAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, startGatewayProcess } from './helpers/process.js';
import { sseMessages } from './helpers/sse.js';

/*
 * A gateway process shutting down (SIGTERM) with an open chatEvents stream: the stream ends at
 * once with STREAM_INTERRUPTED and a retry hint (the client resumes elsewhere), and the drain is
 * not held up for its grace period by the open stream.
 */

const KEY = { 'x-api-key': 'demo-public-key' };
const START = `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) {
  ... on StartChatContactPayload { participantToken } } }`;

describe('chatEvents on shutdown', () => {
  const running: GatewayProcess[] = [];
  afterAll(async () => {
    for (const gateway of running) await gateway.stop('SIGKILL').catch(() => undefined);
  });

  it('ends the open stream with STREAM_INTERRUPTED and exits without waiting out the grace', async () => {
    // A grace far longer than the test's deadline: an open stream holding the drain would fail it.
    const gateway = await startGatewayProcess({ NODE_ENV: 'development', SHUTDOWN_GRACE_MS: '120000' });
    running.push(gateway);
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...KEY, ...headers },
        body: JSON.stringify(body),
      });
    const started = (await (await post({}, { query: START })).json()) as {
      data: { startChatContact: { participantToken: string } };
    };
    const token = started.data.startChatContact.participantToken;
    const response = await post(
      { accept: 'text/event-stream', 'x-participant-token': token },
      { query: 'subscription { chatEvents { __typename } }' },
    );
    expect(response.status).toBe(200);
    const messages = sseMessages(response);
    // The stream is open once its first message (the agent joining, after its delay) arrives.
    const first = await messages.next();
    expect(first.value?.event).toBe('next');

    const exited = gateway.stop('SIGTERM');
    const rest = [];
    for await (const message of messages) rest.push(message);
    const errors = rest.filter((m) => m.event === 'next').map((m) => JSON.parse(m.data).errors?.[0]?.extensions);
    expect(errors.at(-1)).toEqual({ code: 'STREAM_INTERRUPTED', retryAfterSeconds: 1 });
    expect(rest.at(-1)?.event).toBe('complete');
    expect(await exited).toBe(0);
    expect(gateway.lines.join('\n')).not.toContain(token);
  });
});
