import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { ConnectClient, StartChatContactCommand, type StartChatContactCommandInput } from '@aws-sdk/client-connect';
import { listen, target } from './reference.js';

/*
 * The benchmark's third reference: what AWS users copy today. AWS's chat sample backend
 * (amazon-connect-chat-ui-examples, cloudformationTemplates/startChatContactAPI: an API Gateway
 * endpoint invoking a Lambda function that calls StartChatContact), in its SDK v3 form, written
 * again here with its behaviour kept: a default `ConnectClient({ region })` (the SDK's own
 * timeouts and retries, not the gateway's), the proxy event and every step logged with
 * console.log (CloudWatch in Lambda, this process's log file here), the instance and flow taken
 * from the body or the environment, the whole SDK output (with `$metadata`) answered as
 * `{ data: { startChatResult } }` with the sample's CORS headers. A node:http server stands in
 * for API Gateway and the Lambda runtime: it builds a proxy event from the request and writes
 * the handler's response. One deviation: a failed call answers 500 (the sample answers 200 with
 * no result), so that the bench counts it as a failure.
 */

const client = new ConnectClient({ region: target.region });
const parentOrigin = process.env.PARENT_ORIGIN ?? 'https://bench.test';
const CORS = {
  'Access-Control-Allow-Origin': parentOrigin,
  'Content-Type': 'application/json',
  'Access-Control-Allow-Credentials': 'true',
  'Access-Control-Allow-Headers':
    'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent',
};

interface ProxyEvent {
  readonly body: string;
  readonly [key: string]: unknown;
}
interface ProxyResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}
interface SampleBody {
  readonly ContactFlowId?: string;
  readonly InstanceId?: string;
  readonly Attributes?: Record<string, string>;
  readonly ParticipantDetails: { readonly DisplayName: string };
  readonly InitialMessage?: { readonly Content?: string; readonly ContentType?: string };
}

async function startChatContact(body: SampleBody) {
  const contactFlowId = body.ContactFlowId ?? '';
  console.log(`CF ID: ${contactFlowId}`);
  const instanceId = body.InstanceId ?? '';
  console.log(`Instance ID: ${instanceId}`);
  const input: StartChatContactCommandInput = {
    InstanceId: instanceId === '' ? target.instanceId : instanceId,
    ContactFlowId: contactFlowId === '' ? target.contactFlowId : contactFlowId,
    ...(body.Attributes ? { Attributes: body.Attributes } : {}),
    ChatDurationInMinutes: 60,
    ParticipantDetails: { DisplayName: body.ParticipantDetails.DisplayName },
    ...(body.InitialMessage?.Content && body.InitialMessage.ContentType
      ? { InitialMessage: { Content: body.InitialMessage.Content, ContentType: body.InitialMessage.ContentType } }
      : {}),
  };
  console.log('startChat params', input);
  return client.send(new StartChatContactCommand(input));
}

/** The Lambda handler, callback style as in the sample. */
function handler(event: ProxyEvent, callback: (error: null, result: ProxyResult) => void) {
  console.log(`Received event: ${JSON.stringify(event)}`);
  const body = JSON.parse(event.body) as SampleBody;
  console.log(`parent origin in environment: ${parentOrigin}`);
  startChatContact(body).then(
    (result) => {
      const response = { statusCode: 200, headers: CORS, body: JSON.stringify({ data: { startChatResult: result } }) };
      console.log(`RESPONSE${JSON.stringify(response)}`);
      callback(null, response);
    },
    (error: unknown) => {
      console.log(`caught error ${String(error)}`);
      callback(null, { statusCode: 500, headers: CORS, body: JSON.stringify({ data: { Error: String(error) } }) });
    },
  );
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    // What API Gateway's REST proxy integration hands the function (the fields a handler sees).
    const event: ProxyEvent = {
      resource: '/',
      path: req.url ?? '/',
      httpMethod: req.method ?? 'POST',
      headers: req.headers,
      queryStringParameters: null,
      pathParameters: null,
      requestContext: {
        requestId: randomUUID(),
        stage: 'Prod',
        httpMethod: req.method,
        requestTimeEpoch: Date.now(),
        identity: { sourceIp: req.socket.remoteAddress, userAgent: req.headers['user-agent'] ?? null },
      },
      body: Buffer.concat(chunks).toString('utf8'),
      isBase64Encoded: false,
    };
    try {
      handler(event, (_error, result) => {
        res.writeHead(result.statusCode, result.headers);
        res.end(result.body);
      });
    } catch {
      // A body the sample cannot parse: the Lambda runtime answers 502.
      res.writeHead(502).end();
    }
  });
});
listen(server, 'lambda-sample');
