import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import type { Pluggable } from '@smithy/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChatUnavailableError } from '../src/chat/errors.js';
import type { CallContext, ConnectCallReport, ConnectOperation } from '../src/chat/ports.js';
import type { ConnectTarget } from '../src/chat/tenant.js';
import { createConnectCallRunner } from '../src/connect/call-runner.js';
import { createChatStarter } from '../src/connect/chat-starter.js';
import { type ConnectClientPool, createConnectClientPool } from '../src/connect/client-pool.js';
import { createParticipantClientPool, type ParticipantClientPool } from '../src/connect/participant-clients.js';
import { createLogger } from '../src/logger.js';

/*
 * The pooled clients reuse each command's resolved middleware chain (`cacheMiddleware`), and the
 * call runner still ends an in-flight call at its deadline (the socket is closed, not just the
 * promise settled) and counts each call's own attempts. Real SDK clients against a loopback
 * node:http server that answers, fails or never answers as each test says.
 */

/** What the fake service does with one request: answer (status, JSON body) or never answer. */
type Reply = { readonly status: number; readonly body: unknown } | 'hang';

interface Received {
  readonly body: Record<string, unknown>;
  /** Resolves when the request's connection is gone (the client aborted, or the server answered). */
  readonly closed: Promise<number>;
}

const STARTED = { ContactId: 'contact-1', ParticipantId: 'participant-1', ParticipantToken: 'token-1' };
const target: ConnectTarget = { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' };
/** A StartChatContact command of the target's instance and flow (a new input object each time, as the runner needs). */
const startCommand = () =>
  new StartChatContactCommand({
    InstanceId: 'acme-instance',
    ContactFlowId: 'acme-flow',
    ParticipantDetails: { DisplayName: 'Ada' },
  });

/** Counts how often a client's middleware chain is built: a middleware's factory runs once per build. */
// biome-ignore lint/suspicious/noExplicitAny: the same counter goes on clients of either service.
function countChainBuilds(): { readonly plugin: Pluggable<any, any>; builds: () => number } {
  let builds = 0;
  return {
    plugin: {
      applyToStack(stack) {
        stack.add(
          (next) => {
            builds += 1;
            return next;
          },
          { step: 'initialize', name: 'testChainBuildCounter' },
        );
      },
    },
    builds: () => builds,
  };
}

describe('cached SDK middleware chains under the call runner (real SDK, loopback server)', () => {
  let server: Server;
  let endpoint: string;
  let reply: (body: Record<string, unknown>, index: number) => Reply = () => ({ status: 200, body: STARTED });
  const received: Received[] = [];
  const reports: { operation: ConnectOperation; report: ConnectCallReport }[] = [];
  const call: CallContext = {
    requestId: 'req-cache-1',
    logger: createLogger('silent'),
    onConnectCall: (operation, report) => void reports.push({ operation, report }),
  };
  const pools: { destroy(): void }[] = [];

  const connectPool = (options: { requestTimeoutMs?: number; retryBackoff?: () => number } = {}) => {
    const pool: ConnectClientPool = createConnectClientPool({
      endpoint,
      defaultCredentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      connectionTimeoutMs: 1000,
      requestTimeoutMs: options.requestTimeoutMs ?? 3000,
      maxAttempts: 3,
      retryBackoff: options.retryBackoff ?? (() => 0),
    });
    pools.push(pool);
    return pool;
  };
  const participantPool = (retryBackoff: () => number = () => 0) => {
    const pool: ParticipantClientPool = createParticipantClientPool({
      endpoint,
      connectionTimeoutMs: 1000,
      requestTimeoutMs: 3000,
      maxAttempts: 3,
      retryBackoff,
    });
    pools.push(pool);
    return pool;
  };

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
        const closed = once(res, 'close').then(() => performance.now());
        received.push({ body, closed });
        const answer = reply(body, received.length - 1);
        if (answer === 'hang') return;
        res.writeHead(answer.status, {
          'content-type': 'application/json',
          ...(answer.status >= 500 ? { 'x-amzn-errortype': 'InternalServiceException' } : {}),
        });
        res.end(JSON.stringify(answer.body));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const pool of pools.splice(0)) pool.destroy();
    received.length = 0;
    reports.length = 0;
    reply = () => ({ status: 200, body: STARTED });
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('builds the StartChatContact chain once for many calls on one pooled client', async () => {
    const pool = connectPool();
    const counter = countChainBuilds();
    pool.clientFor(target).middlewareStack.use(counter.plugin);
    const starter = createChatStarter({ pool, deadlineMs: 5000 });
    for (let i = 0; i < 5; i += 1) await starter.start(target, { displayName: 'Ada' }, call);
    await Promise.all([1, 2, 3].map(() => starter.start(target, { displayName: 'Ada' }, call)));
    expect(received).toHaveLength(8);
    expect(counter.builds()).toBe(1);
  });

  it('builds the SendMessage chain once on a Participant Service client', async () => {
    const pool = participantPool();
    const counter = countChainBuilds();
    pool.clientFor('eu-west-2').middlewareStack.use(counter.plugin);
    reply = () => ({ status: 200, body: { Id: 'message-1', AbsoluteTime: '2026-12-01T00:00:00.000Z' } });
    const runner = createConnectCallRunner({ deadlineMs: 5000 });
    const send = (content: string) =>
      runner.run({
        operation: 'SendMessage',
        target: { region: 'eu-west-2' },
        call,
        command: () =>
          new SendMessageCommand({ ConnectionToken: 'connection', ContentType: 'text/plain', Content: content }),
        send: (command) => pool.clientFor('eu-west-2').send(command),
        read: (output) => output.Id,
      });
    expect(await Promise.all(['a', 'b', 'c', 'd'].map(send))).toEqual([
      'message-1',
      'message-1',
      'message-1',
      'message-1',
    ]);
    expect(counter.builds()).toBe(1);
  });

  it('counts attempts per call, not per client: concurrent calls with and without retries', async () => {
    const pool = connectPool();
    const counter = countChainBuilds();
    pool.clientFor(target).middlewareStack.use(counter.plugin);
    // The call named "flaky" fails twice with a 500 before it is answered; the others answer at once.
    let flakyFailures = 0;
    reply = (body) => {
      const flaky = (body.ParticipantDetails as { DisplayName?: string } | undefined)?.DisplayName === 'flaky';
      if (flaky && flakyFailures < 2) {
        flakyFailures += 1;
        return { status: 500, body: { message: 'try again' } };
      }
      return { status: 200, body: STARTED };
    };
    const starter = createChatStarter({ pool, deadlineMs: 5000 });
    await Promise.all(
      ['steady-1', 'flaky', 'steady-2'].map((name) => starter.start(target, { displayName: name }, call)),
    );
    expect(received).toHaveLength(5);
    expect(reports.map((r) => r.report.attempts).sort()).toEqual([1, 1, 3]);
    expect(counter.builds()).toBe(1);
  });

  it('closes the in-flight request at the deadline, with the chain still cached', async () => {
    // The attempt timeout is far beyond the deadline: only the deadline's abort can close the socket.
    const pool = connectPool({ requestTimeoutMs: 30_000 });
    const counter = countChainBuilds();
    pool.clientFor(target).middlewareStack.use(counter.plugin);
    const starter = createChatStarter({ pool, deadlineMs: 300 });
    await starter.start(target, { displayName: 'Ada' }, call);

    reply = () => 'hang';
    const started = performance.now();
    const error = await starter.start(target, { displayName: 'Ada' }, call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatUnavailableError);
    const hung = received[1];
    if (!hung) throw new Error('the hung request never arrived');
    const closedAt = await Promise.race([
      hung.closed,
      new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), 10_000).unref()),
    ]);
    // Closed by the abort: after the deadline and far below the 30 s attempt timeout.
    expect(closedAt - started).toBeGreaterThanOrEqual(290);
    expect(closedAt - started).toBeLessThan(10_000);
    expect(reports.at(-1)?.report).toMatchObject({ outcome: 'deadline', attempts: 1 });
    expect(received).toHaveLength(2);
    expect(counter.builds()).toBe(1);
  });

  it("closes the in-flight request when the caller's own signal aborts", async () => {
    const pool = connectPool({ requestTimeoutMs: 30_000 });
    reply = () => 'hang';
    const runner = createConnectCallRunner({ deadlineMs: 30_000 });
    const controller = new AbortController();
    const pending = runner
      .run({
        operation: 'StartChatContact',
        target,
        call,
        command: startCommand,
        send: (command) => pool.clientFor(target).send(command),
        read: (output) => output.ContactId,
        signal: controller.signal,
      })
      .catch((e: unknown) => e);
    while (received.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('feed stopped'));
    expect(await pending).toBeInstanceOf(Error);
    const hung = received[0];
    if (!hung) throw new Error('the hung request never arrived');
    const closedAt = await Promise.race([
      hung.closed,
      new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), 10_000).unref()),
    ]);
    expect(closedAt).toBeLessThan(Number.POSITIVE_INFINITY);
  });

  it('sends nothing more once the deadline passed during a backoff', async () => {
    // Every attempt fails with a 500; the backoff outlasts the deadline.
    const pool = connectPool({ retryBackoff: () => 4_000 });
    reply = () => ({ status: 500, body: { message: 'down' } });
    // Long enough for the first attempt on a busy machine; the backoff outlasts it.
    const runner = createConnectCallRunner({ deadlineMs: 1_500 });
    let sdkSettled: Promise<unknown> | undefined;
    const error = await runner
      .run({
        operation: 'StartChatContact',
        target,
        call,
        command: startCommand,
        send: (command) => {
          const sent = pool.clientFor(target).send(command);
          sdkSettled = sent.catch((e: unknown) => e);
          return sent;
        },
        read: (output) => output.ContactId,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatUnavailableError);
    expect(reports.at(-1)?.report).toMatchObject({ outcome: 'deadline', attempts: 1 });
    // The SDK's retry wakes after its backoff and is refused before anything is sent.
    expect(await sdkSettled).toMatchObject({ name: 'AbortError' });
    expect(received).toHaveLength(1);
  });

  // The Participant Service's clients do not sign: every attempt of a call sends the same request
  // object, so the call's entry for it must be found again on each attempt.
  describe('on a Participant Service client (one request object for every attempt)', () => {
    const sendSpec = (pool: ParticipantClientPool, onSent?: (sent: Promise<unknown>) => void) => ({
      operation: 'SendMessage' as const,
      target: { region: 'eu-west-2' },
      call,
      command: () =>
        new SendMessageCommand({ ConnectionToken: 'connection', ContentType: 'text/plain', Content: 'hi' }),
      send: (command: SendMessageCommand) => {
        const sent = pool.clientFor('eu-west-2').send(command);
        onSent?.(sent.catch((e: unknown) => e));
        return sent;
      },
      read: (output: { Id?: string }) => output.Id,
    });

    it('counts each attempt of a retried call and answers', async () => {
      const pool = participantPool();
      reply = (_body, index) =>
        index < 2 ? { status: 500, body: { message: 'try again' } } : { status: 200, body: { Id: 'message-1' } };
      const runner = createConnectCallRunner({ deadlineMs: 5000 });
      expect(await runner.run(sendSpec(pool))).toBe('message-1');
      expect(received).toHaveLength(3);
      expect(reports.at(-1)?.report).toMatchObject({ outcome: 'ok', attempts: 3 });
    });

    it('sends nothing more once the deadline passed during a backoff', async () => {
      const pool = participantPool(() => 4_000);
      reply = () => ({ status: 500, body: { message: 'down' } });
      const runner = createConnectCallRunner({ deadlineMs: 1_500 });
      let sdkSettled: Promise<unknown> | undefined;
      const error = await runner
        .run(
          sendSpec(pool, (sent) => {
            sdkSettled = sent;
          }),
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(reports.at(-1)?.report).toMatchObject({ outcome: 'deadline', attempts: 1 });
      expect(await sdkSettled).toMatchObject({ name: 'AbortError' });
      expect(received).toHaveLength(1);
    });
  });
});
