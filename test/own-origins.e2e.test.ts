import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningGateway, startListeningGateway } from './helpers/listening-gateway.js';

// The file a new user gets, untouched: its only tenant allows http://localhost:5173.
const EXAMPLE_TENANTS = JSON.parse(readFileSync(new URL('../tenants.example.json', import.meta.url), 'utf8'));
const QUERY = JSON.stringify({ query: '{ chatSettings { region } }' });

/** POST with exactly these headers (Host included, which fetch cannot set). */
function post(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'demo-public-key', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(QUERY);
  });
}

describe("the gateway's own origins (GraphiQL calling the gateway that served it)", () => {
  const running: ListeningGateway[] = [];
  afterAll(async () => {
    for (const gateway of running) await gateway.close();
  });
  const start = async (env: Record<string, string> = {}) => {
    const gateway = await startListeningGateway({ tenants: EXAMPLE_TENANTS, env });
    running.push(gateway);
    return { gateway, port: new URL(gateway.url).port };
  };

  describe('in development, on a port no tenant names', () => {
    let gateway: ListeningGateway;
    let port: string;
    beforeAll(async () => {
      ({ gateway, port } = await start());
    });

    it.each(['127.0.0.1', 'localhost', '[::1]'])('accepts the page origin http://%s:<port>', async (host) => {
      expect(await post(gateway.url, { origin: `http://${host}:${port}` })).toBe(200);
    });

    it("still applies the tenant's own list to every other origin", async () => {
      expect(await post(gateway.url, { origin: 'http://localhost:5173' })).toBe(200);
      expect(await post(gateway.url, { origin: 'https://evil.example' })).toBe(403);
      // Another port on loopback is another origin (another app on this machine).
      expect(await post(gateway.url, { origin: `http://localhost:${Number(port) + 1}` })).toBe(403);
    });

    it('refuses a DNS-rebinding page: its Origin and Host agree, but it is not ours', async () => {
      const rebound = `http://evil.example:${port}`;
      expect(await post(gateway.url, { origin: rebound, host: `evil.example:${port}` })).toBe(403);
    });
  });

  it('in production, only PUBLIC_URL is its own origin', async () => {
    const { gateway, port } = await start({
      NODE_ENV: 'production',
      GRAPHIQL: 'true',
      PUBLIC_URL: 'https://chat.example.com/graphql',
    });
    expect(await post(gateway.url, { origin: 'https://chat.example.com' })).toBe(200);
    expect(await post(gateway.url, { origin: `http://localhost:${port}` })).toBe(403);
  });

  it('without GraphiQL the gateway serves no page, so no origin is its own', async () => {
    const { gateway, port } = await start({ GRAPHIQL: 'false', PUBLIC_URL: 'https://chat.example.com' });
    expect(await post(gateway.url, { origin: 'https://chat.example.com' })).toBe(403);
    expect(await post(gateway.url, { origin: `http://127.0.0.1:${port}` })).toBe(403);
  });
});
