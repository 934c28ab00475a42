import { createServer } from 'node:http';
import { WebSocket } from 'ws';

/*
 * The streams benchmark's floor: a bare websocket-to-SSE relay. For each client
 * (`GET /events`, `x-participant-token`), CreateParticipantConnection (WEBSOCKET) with fetch, the
 * chat's websocket (ws) subscribed to `aws/chat`, and each `aws/chat` frame's item written as one
 * SSE message. Nothing else: no GraphQL, tenancy, limits, heartbeats, reconnects, gap fill or
 * de-duplication, no log line. Env: PORT, PARTICIPANT_ENDPOINT (the simulator's URL).
 */

const ENDPOINT = process.env.PARTICIPANT_ENDPOINT ?? '';
const SUBSCRIBE = JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });

const server = createServer(async (req, res) => {
  const token = req.headers['x-participant-token'];
  if (req.url !== '/events' || typeof token !== 'string') return void res.writeHead(404).end();
  let ws: WebSocket | undefined;
  let gone = false;
  req.socket.once('close', () => {
    gone = true;
    ws?.terminate();
  });
  try {
    const connection = await fetch(`${ENDPOINT}/participant/connection`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-bearer': token },
      body: JSON.stringify({ Type: ['WEBSOCKET'], ConnectParticipant: true }),
    });
    const url = ((await connection.json()) as { Websocket?: { Url?: string } }).Websocket?.Url;
    if (!url) return void res.writeHead(502).end();
    if (gone) return;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.flushHeaders();
    ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('open', () => ws?.send(SUBSCRIBE));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { topic?: string; content?: string };
      if (frame.topic === 'aws/chat') res.write(`event: next\ndata: ${frame.content}\n\n`);
    });
    ws.on('close', () => res.end());
    ws.on('error', () => res.end());
  } catch {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  }
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ msg: 'bare-relay listening', port })}\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  process.exit(0);
});
