import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { type GatewayProcess, startGatewayProcess } from './helpers/process.js';

/**
 * Sends `head`, then one byte of `trickle` every 200 ms until the server closes the connection;
 * resolves with what the server answered. Fails only if the server keeps it past `giveUpMs`,
 * a generous bound: the server's own timeout is what ends it.
 */
function trickle(url: string, head: string, giveUpMs = 60_000): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    const ticker = setInterval(() => socket.write('x'), 200);
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connection still open after ${giveUpMs} ms`));
    }, giveUpMs);
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(ticker);
      clearTimeout(giveUp);
      resolve(answer);
    });
    socket.write(head);
  });
}

describe('slow clients (node:http timeouts)', () => {
  let gateway: GatewayProcess;
  beforeAll(async () => {
    gateway = await startGatewayProcess({ HTTP_REQUEST_TIMEOUT_MS: '1500', HTTP_HEADERS_TIMEOUT_MS: '1000' });
  });
  afterAll(() => gateway?.stop('SIGKILL'));

  it('closes a connection whose body arrives a byte at a time, answering 408', async () => {
    const answer = await trickle(
      gateway.url,
      'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection whose headers never end', async () => {
    const answer = await trickle(gateway.url, 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('still serves a request sent at a normal pace', async () => {
    const response = await fetch(`${gateway.url}/health`);
    expect(response.status).toBe(200);
  });
});

describe('timeout settings', () => {
  it('refuses a headers timeout above the request timeout, naming it', () => {
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS/,
    );
    expect(loadConfig({}).http).toEqual({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000 });
  });
});
