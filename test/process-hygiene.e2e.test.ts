import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { startGatewayProcess } from './helpers/process.js';

/** Whether something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits for `npm start`'s gateway to listen, sends npm SIGTERM, and checks npm exits and the port closes. */
async function stopsCleanly(child: ChildProcess) {
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      // npm's own banner lines are not JSON.
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { msg: string; port?: number };
      if (entry.msg === 'gateway listening' && entry.port) resolve(entry.port);
    });
  });
  expect(await listening(port)).toBe(true);

  child.kill('SIGTERM');
  const closed = await Promise.race([
    once(child, 'close').then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 60_000)),
  ]);
  expect(closed, 'npm still running 60 s after SIGTERM').toBe(true);
  // The gateway's own shutdown closes its port; a child left behind would keep it open.
  let open = true;
  for (let tries = 0; open && tries < 600; tries += 1) {
    open = await listening(port);
    if (open) await new Promise((r) => setTimeout(r, 100));
  }
  expect(open, `port ${port} still accepting connections after npm exited`).toBe(false);
}

describe('process hygiene', () => {
  it('SIGTERM to `npm start` stops the gateway itself: nothing is left listening', async () => {
    // npm from PATH, as a user runs it.
    const child = spawn('npm', ['start'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: '0',
        NODE_ENV: 'development',
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so whatever is left can be killed after the test.
      detached: true,
    });
    try {
      await stopsCleanly(child);
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group is gone: nothing was left behind.
      }
    }
  }, 300_000);

  it("process warnings (the AWS SDK's Node-version notice) go to the JSON log, never to stderr", async () => {
    // Node's own warning printer on: NODE_NO_WARNINGS unset, as for a user.
    const gateway = await startGatewayProcess({ NODE_ENV: 'development', NODE_NO_WARNINGS: '0' });
    try {
      // The SDK warns when its first client is made: start a chat.
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'demo-public-key' },
        body: JSON.stringify({
          query: 'mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) { __typename } }',
        }),
      });
      expect(response.status).toBe(200);
    } finally {
      expect(await gateway.stop('SIGTERM')).toBe(0);
    }
    expect(gateway.stderr()).toBe('');
    for (const line of gateway.lines) expect(() => JSON.parse(line)).not.toThrow();
    if (Number(process.versions.node.split('.')[0]) < 22) {
      const warning = gateway.lines.map((l) => JSON.parse(l)).find((entry) => entry.msg === 'process warning');
      expect(warning?.warning?.message).toMatch(/^NodeVersionSupportWarning: The AWS SDK/);
    }
  });
});
