import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatEndedError, ChatUnavailableError, ParticipantTokenRefusedError } from '../src/chat/errors.js';
import type { CallContext } from '../src/chat/ports.js';
import { createParticipantClientPool } from '../src/connect/participant-clients.js';
import { createParticipantService } from '../src/connect/participant-service.js';
import { createLogger } from '../src/logger.js';

/*
 * The Participant Service adapter with the real SDK against a loopback server that answers as the
 * service's REST-JSON protocol does: what goes on the wire (unsigned, bearer tokens) and how each
 * answer maps. The whole conversation against the simulator is in its own test.
 */

interface Seen {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

const PARTICIPANT_TOKEN = 'participant-token-secret-1234';
const CONNECTION_TOKEN = 'connection-token-secret-5678';

describe('Participant Service adapter (real SDK, loopback)', () => {
  let server: Server;
  let url: string;
  const seen: Seen[] = [];
  /** What the next request to a path answers: [status, error type or body]. */
  const answers = new Map<string, [number, Record<string, unknown> | string][]>();
  const logLines: string[] = [];
  const call: CallContext = {
    requestId: 'req-participant',
    logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => {
        raw += chunk;
      });
      req.on('end', () => {
        const path = req.url ?? '';
        seen.push({ path, headers: req.headers, body: raw ? JSON.parse(raw) : {} });
        const [status, answer] = answers.get(path)?.shift() ?? [500, 'InternalServerException'];
        if (typeof answer === 'string') {
          res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': answer });
          res.end(JSON.stringify({ message: `simulated ${answer}` }));
          return;
        }
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const service = (endpoint?: string) =>
    createParticipantService({
      clients: createParticipantClientPool({
        ...(endpoint ? { endpoint } : {}),
        connectionTimeoutMs: 1000,
        requestTimeoutMs: 5000,
        maxAttempts: 3,
        retryBackoff: () => 0,
      }),
      deadlineMs: 30_000,
    });
  const connectionOk = (): [number, Record<string, unknown>] => [
    200,
    {
      ConnectionCredentials: {
        ConnectionToken: CONNECTION_TOKEN,
        Expiry: new Date(Date.now() + 3_600_000).toISOString(),
      },
    },
  ];
  const participant = { region: 'eu-west-2', participantToken: PARTICIPANT_TOKEN };

  it('connects once with the participant token, then sends with the connection token, unsigned', async () => {
    seen.length = 0;
    answers.set('/participant/connection', [connectionOk()]);
    answers.set('/participant/message', [
      [200, { Id: 'message-1', AbsoluteTime: '2026-12-01T10:00:00.000Z' }],
      [200, { Id: 'message-2', AbsoluteTime: '2026-12-01T10:00:01.000Z' }],
    ]);
    const chat = service(url);
    const sent = await chat.sendMessage(
      participant,
      { contentType: 'text/plain', content: 'hello', clientToken: 'ct-1' },
      call,
    );
    await chat.sendMessage(participant, { contentType: 'text/plain', content: 'again' }, call);
    expect(sent).toEqual({ id: 'message-1', at: new Date('2026-12-01T10:00:00.000Z') });
    expect(seen.map((s) => s.path)).toEqual([
      '/participant/connection',
      '/participant/message',
      '/participant/message',
    ]);
    const [connection, message] = seen;
    expect(connection?.headers['x-amz-bearer']).toBe(PARTICIPANT_TOKEN);
    expect(connection?.body).toEqual({ Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true });
    expect(message?.headers['x-amz-bearer']).toBe(CONNECTION_TOKEN);
    expect(message?.body).toEqual({ ContentType: 'text/plain', Content: 'hello', ClientToken: 'ct-1' });
    // The service takes bearer tokens: the gateway's AWS identity is never sent.
    for (const s of seen) expect(s.headers.authorization).toBeUndefined();
    expect(logLines.join('')).not.toContain(PARTICIPANT_TOKEN);
    expect(logLines.join('')).not.toContain(CONNECTION_TOKEN);
  });

  it('honours AWS_ENDPOINT_URL_CONNECTPARTICIPANT when no endpoint is configured', async () => {
    seen.length = 0;
    answers.set('/participant/connection', [connectionOk()]);
    answers.set('/participant/transcript', [[200, { InitialContactId: 'contact-1', Transcript: [] }]]);
    process.env.AWS_ENDPOINT_URL_CONNECTPARTICIPANT = url;
    try {
      const page = await service().transcript(
        participant,
        { maxResults: 15, direction: 'BACKWARD', sortOrder: 'ASCENDING' },
        call,
      );
      expect(page).toEqual({ items: [], initialContactId: 'contact-1' });
    } finally {
      delete process.env.AWS_ENDPOINT_URL_CONNECTPARTICIPANT;
    }
    expect(seen.map((s) => s.path)).toEqual(['/participant/connection', '/participant/transcript']);
  });

  it('a refused participant token is ParticipantTokenRefusedError; a refused connection, ChatEndedError', async () => {
    answers.set('/participant/connection', [[403, 'AccessDeniedException']]);
    await expect(
      service(url).sendMessage(participant, { contentType: 'text/plain', content: 'x' }, call),
    ).rejects.toBeInstanceOf(ParticipantTokenRefusedError);
    const chat = service(url);
    answers.set('/participant/connection', [connectionOk(), connectionOk()]);
    answers.set('/participant/event', [[403, 'AccessDeniedException']]);
    await expect(
      chat.sendEvent(participant, { contentType: 'application/vnd.amazonaws.connect.event.typing' }, call),
    ).rejects.toBeInstanceOf(ChatEndedError);
  });

  it('retries throttling and 5xx within the deadline; persistent 5xx is ChatUnavailableError', async () => {
    seen.length = 0;
    answers.set('/participant/connection', [connectionOk()]);
    answers.set('/participant/message', [
      [429, 'ThrottlingException'],
      [500, 'InternalServerException'],
      [200, { Id: 'message-3', AbsoluteTime: '2026-12-01T10:00:02.000Z' }],
    ]);
    const chat = service(url);
    expect(
      (await chat.sendMessage(participant, { contentType: 'text/plain', content: 'x', clientToken: 'ct-3' }, call)).id,
    ).toBe('message-3');
    // The retries carry the same ClientToken: one message at most.
    expect(new Set(seen.filter((s) => s.path === '/participant/message').map((s) => s.body.ClientToken))).toEqual(
      new Set(['ct-3']),
    );
    answers.set('/participant/message', [
      [500, 'InternalServerException'],
      [500, 'InternalServerException'],
      [500, 'InternalServerException'],
    ]);
    await expect(
      chat.sendMessage(participant, { contentType: 'text/plain', content: 'x' }, call),
    ).rejects.toBeInstanceOf(ChatUnavailableError);
  });
});
