import { ConnectClient, StartChatContactCommand } from '@aws-sdk/client-connect';
import {
  CompleteAttachmentUploadCommand,
  ConnectParticipantClient,
  CreateParticipantConnectionCommand,
  GetAttachmentCommand,
  StartAttachmentUploadCommand,
} from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, SIMULATOR_CREDENTIALS, type Simulator } from '../src/simulator/index.js';

/*
 * The simulator's attachment URLs answer CORS as the S3 bucket of Connect's chat attachments does,
 * so a page on another origin can PUT a file and read the answer: preflights by the bucket's rule,
 * and Access-Control-Allow-Origin on the answers to a request that names an Origin.
 */

const ORIGIN = 'http://shop.example:5173';
const CODE = /<Code>(\w+)</;

describe('the CORS of the simulated attachment storage', () => {
  let simulator: Simulator;
  let uploadUrl: string;
  let uploadHeaders: Record<string, string>;
  let connectionToken: string;
  let participant: ConnectParticipantClient;

  beforeAll(async () => {
    simulator = createSimulator({
      credentials: [SIMULATOR_CREDENTIALS],
      instances: [{ instanceId: 'i-1', contactFlowIds: ['f-1'] }],
      agent: { enabled: false },
    });
    await simulator.listen();
    const connect = new ConnectClient({
      region: 'us-east-1',
      endpoint: simulator.url,
      credentials: SIMULATOR_CREDENTIALS,
    });
    participant = new ConnectParticipantClient({
      region: 'us-east-1',
      endpoint: simulator.url,
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    });
    const started = await connect.send(
      new StartChatContactCommand({
        InstanceId: 'i-1',
        ContactFlowId: 'f-1',
        ParticipantDetails: { DisplayName: 'Ada' },
      }),
    );
    const connection = await participant.send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: started.ParticipantToken!,
        Type: ['CONNECTION_CREDENTIALS'],
        ConnectParticipant: true,
      }),
    );
    connectionToken = connection.ConnectionCredentials!.ConnectionToken!;
    const upload = await participant.send(
      new StartAttachmentUploadCommand({
        ConnectionToken: connectionToken,
        ContentType: 'text/plain',
        AttachmentSizeInBytes: 5,
        AttachmentName: 'note.txt',
      }),
    );
    uploadUrl = upload.UploadMetadata!.Url!;
    uploadHeaders = upload.UploadMetadata!.HeadersToInclude!;
  });
  afterAll(() => simulator?.close());

  const preflight = (headers: Record<string, string>) => fetch(uploadUrl, { method: 'OPTIONS', headers });

  it("answers a browser's preflight for the upload: any origin, PUT, exactly the headers StartAttachmentUpload asks for", async () => {
    // What Chromium sends before the page's PUT: the signed headers' names, lower-cased and sorted.
    const names = Object.keys(uploadHeaders)
      .map((name) => name.toLowerCase())
      .sort();
    expect(names).toEqual(['content-type', 'x-amz-meta-attachment-id']);
    const response = await preflight({
      origin: ORIGIN,
      'access-control-request-method': 'PUT',
      'access-control-request-headers': names.join(','),
    });
    expect(response.status).toBe(200);
    expect(Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')))).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'PUT, GET',
      'access-control-allow-headers': 'content-type, x-amz-meta-attachment-id',
      'access-control-expose-headers': 'ETag',
      'access-control-max-age': '3000',
    });
    expect(response.headers.get('vary')).toBe('Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
  });

  it.each([
    ['a GET (the download)', { origin: ORIGIN, 'access-control-request-method': 'GET' }, 200, undefined],
    ['DELETE', { origin: ORIGIN, 'access-control-request-method': 'DELETE' }, 403, 'AccessForbidden'],
    [
      'a header outside the rule',
      { origin: ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-secret' },
      403,
      'AccessForbidden',
    ],
    ['no Origin', { 'access-control-request-method': 'PUT' }, 400, 'BadRequest'],
    ['no requested method', { origin: ORIGIN }, 400, 'BadRequest'],
  ])('answers a preflight for %s by the rule', async (_name, headers, status, code) => {
    const response = await preflight(headers);
    expect(response.status).toBe(status);
    expect(CODE.exec(await response.text())?.[1]).toBe(code);
    expect(response.headers.get('access-control-allow-origin')).toBe(status === 200 ? '*' : null);
  });

  it('answers the PUT and the download with Access-Control-Allow-Origin when they name an Origin, refusals included', async () => {
    const forged = await fetch(uploadUrl.replace(/Signature=[^&]+/, 'Signature=forged'), {
      method: 'PUT',
      headers: { ...uploadHeaders, origin: ORIGIN },
      body: 'hello',
    });
    // A page can read why the storage refused it.
    expect([forged.status, CODE.exec(await forged.text())?.[1]]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(forged.headers.get('access-control-allow-origin')).toBe('*');

    const put = await fetch(uploadUrl, { method: 'PUT', headers: { ...uploadHeaders, origin: ORIGIN }, body: 'hello' });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe('*');
    expect(put.headers.get('access-control-expose-headers')).toBe('ETag');
    expect(put.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);

    const attachmentId = new URL(uploadUrl).pathname.split('/').at(-1)!;
    await participant.send(
      new CompleteAttachmentUploadCommand({ ConnectionToken: connectionToken, AttachmentIds: [attachmentId] }),
    );
    const { Url } = await participant.send(
      new GetAttachmentCommand({ ConnectionToken: connectionToken, AttachmentId: attachmentId }),
    );
    const download = await fetch(Url!, { headers: { origin: ORIGIN } });
    expect([download.status, await download.text()]).toEqual([200, 'hello']);
    expect(download.headers.get('access-control-allow-origin')).toBe('*');

    // Without an Origin (a server, curl) no CORS headers, as from S3.
    const plain = await fetch(Url!);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });
});
