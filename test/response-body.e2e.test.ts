import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectClientPool } from '../src/connect/client-pool.js';
import { createParticipantClientPool } from '../src/connect/participant-clients.js';
import { readResponseBody } from '../src/connect/response-body.js';

/*
 * The pooled clients read AWS answers with readResponseBody (listeners, no stream pipe: why, in
 * src/connect/response-body.ts). Its own cases on Node streams, then the real SDK clients against
 * a loopback server that writes each answer in pieces, success and error.
 */

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('readResponseBody', () => {
  it('joins the chunks of a body, in order', async () => {
    const body = new PassThrough();
    const read = readResponseBody(body);
    body.write('{"a":');
    body.write(Buffer.from('1,"b":'));
    body.end('"é"}');
    expect(text(await read)).toBe('{"a":1,"b":"é"}');
  });

  it('a body of one chunk, an empty body, a body decoded to strings', async () => {
    expect(text(await readResponseBody(Readable.from([Buffer.from('only')])))).toBe('only');
    expect((await readResponseBody(Readable.from([]))).byteLength).toBe(0);
    const decoded = new PassThrough();
    decoded.setEncoding('utf8');
    const read = readResponseBody(decoded);
    decoded.end(Buffer.from('ünï'));
    expect(text(await read)).toBe('ünï');
  });

  it('a body that has already ended gives nothing, and does not wait', async () => {
    const body = Readable.from([Buffer.from('consumed')]);
    body.resume();
    await once(body, 'end');
    expect((await readResponseBody(body)).byteLength).toBe(0);
  });

  it('a body that fails midway rejects with its error; one that fails before is refused at once', async () => {
    const body = new PassThrough();
    const read = readResponseBody(body);
    body.write('{"partial":');
    body.destroy(new Error('socket hang up'));
    await expect(read).rejects.toThrow('socket hang up');
    await expect(readResponseBody(body)).rejects.toThrow('socket hang up');
  });

  it('a body closed before its end, without an error, rejects instead of waiting forever', async () => {
    const body = new PassThrough();
    const read = readResponseBody(body);
    body.write('{"partial":');
    body.destroy();
    await expect(read).rejects.toThrow('closed before its end');
  });

  it('leaves other bodies (a web stream) to the SDK collector', async () => {
    const web = new Blob(['web ', 'body']).stream();
    expect(text(await readResponseBody(web))).toBe('web body');
  });
});

describe('pooled SDK clients read answers with it (real SDK, loopback server)', () => {
  let server: Server;
  let endpoint: string;
  /** Writes a JSON answer in three pieces, one event-loop turn apart. */
  const writeInPieces = async (res: ServerResponse, status: number, headers: Record<string, string>, json: string) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    const third = Math.ceil(json.length / 3);
    for (let i = 0; i < json.length; i += third) {
      res.write(json.slice(i, i + third));
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end();
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url?.includes('/participant/message')) {
          void writeInPieces(
            res,
            200,
            {},
            JSON.stringify({ Id: 'message-1', AbsoluteTime: '2026-12-05T10:00:00.000Z' }),
          );
        } else {
          void writeInPieces(
            res,
            400,
            { 'x-amzn-errortype': 'InvalidParameterException' },
            JSON.stringify({ Message: 'The contact flow is not published' }),
          );
        }
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('an answer and an AWS error, each written in pieces, read whole', async () => {
    const options = { endpoint, connectionTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 1 };
    const connectPool = createConnectClientPool({
      ...options,
      defaultCredentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    });
    const participantPool = createParticipantClientPool(options);
    try {
      const connect = connectPool.clientFor({
        region: 'eu-west-2',
        instanceId: 'acme-instance',
        contactFlowId: 'acme-flow',
      });
      const participant = participantPool.clientFor('eu-west-2');
      for (const client of [connect, participant]) expect(client.config.streamCollector).toBe(readResponseBody);

      const sent = await participant.send(
        new SendMessageCommand({ ConnectionToken: 'connection-1', ContentType: 'text/plain', Content: 'hi' }),
      );
      expect(sent).toMatchObject({ Id: 'message-1', AbsoluteTime: '2026-12-05T10:00:00.000Z' });

      const refused = connect.send(
        new StartChatContactCommand({
          InstanceId: 'acme-instance',
          ContactFlowId: 'acme-flow',
          ParticipantDetails: { DisplayName: 'Ada' },
        }),
      );
      await expect(refused).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'The contact flow is not published',
      });
    } finally {
      connectPool.destroy();
      participantPool.destroy();
    }
  });
});
