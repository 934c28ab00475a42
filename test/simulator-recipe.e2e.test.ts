import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATION } from '../src/app.js';
import { type GatewayProcess, startGatewayProcess } from './helpers/process.js';

/*
 * The recipe "Pointing at real Amazon Connect" (docs/operations.md) with the standalone simulator, each in its
 * own process: `npm run simulator` (as `node --import tsx scripts/simulator.ts`, so signals reach
 * it), then the gateway in CONNECT_MODE=aws pointed at it with the credentials it printed. Every
 * wait is for a line or an exit, never for a duration; the deadlines only stop a hang.
 */

const SIMULATOR = ['--import', 'tsx', 'scripts/simulator.ts'];
/** Only against a hang: a loaded machine may take many seconds to start a TypeScript process. */
const START_DEADLINE_MS = 60_000;

const baseEnv = () => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  NODE_NO_WARNINGS: '1',
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
});

interface SimulatorProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything it printed on stdout up to and including its listening banner. */
  readonly banner: string[];
  stop(): Promise<number | null>;
}

/** Starts the standalone simulator and waits for "Connect simulator listening on <url>" and its banner. */
async function startSimulatorProcess(env: Record<string, string>): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, SIMULATOR, {
    env: { ...baseEnv(), SIMULATOR_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const banner: string[] = [];
  const reader = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${stderr}`)), START_DEADLINE_MS);
    let found: string | undefined;
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited with ${code}: ${stderr}`));
    });
    reader.on('line', (line) => {
      banner.push(line);
      found ??= /^Connect simulator listening on (http:\/\/\S+)$/.exec(line)?.[1];
      // The banner ends with the line of instances.
      if (found && line.startsWith('  instances:')) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  return {
    child,
    url,
    banner,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = await once(child, 'close');
      return code as number | null;
    },
  };
}

/** Runs the standalone simulator expecting it to refuse to start. */
async function failingSimulator(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, SIMULATOR, {
    env: { ...baseEnv(), SIMULATOR_PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // A simulator that starts instead of refusing would never close: stop it so the test fails, not hangs.
  const timer = setTimeout(() => child.kill('SIGKILL'), START_DEADLINE_MS);
  const [code] = await once(child, 'close');
  clearTimeout(timer);
  return { code: code as number | null, stderr };
}

const startChat = async (gateway: string, apiKey: string) => {
  const response = await fetch(`${gateway}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ query: EXAMPLE_OPERATION }),
  });
  return ((await response.json()) as { data: { startChatContact: Record<string, string> } }).data.startChatContact;
};

const ROLE_ARN = 'arn:aws:iam::222233334444:role/GlobexConnectChat';

/** Two tenants in two regions (one with an HS256 secret, one cross-account), a third sharing the first's instance. */
const TENANTS = {
  tenants: [
    {
      id: 'acme',
      apiKeys: ['acme-widget-7f3a9c'],
      connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
      // The simulator never reads this secret: its environment does not even have it.
      auth: { required: false, issuer: 'https://acme.test', audience: 'chat', secret: { env: 'ACME_CHAT_JWT_SECRET' } },
    },
    {
      id: 'globex',
      apiKeys: ['globex-widget-5d2e'],
      connect: {
        region: 'ap-southeast-2',
        instanceId: 'globex-instance',
        contactFlowId: 'globex-flow',
        roleArn: ROLE_ARN,
        externalId: 'globex-external-id',
      },
    },
    {
      id: 'initech',
      apiKeys: ['initech-widget-91ab'],
      connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'initech-flow' },
    },
  ],
};

describe('the standalone simulator recipe (npm run simulator + CONNECT_MODE=aws)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simulator-recipe-'));
  const running: { stop(): Promise<unknown> }[] = [];
  afterAll(async () => {
    for (const child of running.reverse()) await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }, START_DEADLINE_MS);

  it('starts a chat for every tenant of the file, without the tenants’ secrets', {
    timeout: 3 * START_DEADLINE_MS,
  }, async () => {
    const file = join(dir, 'tenants.json');
    writeFileSync(file, JSON.stringify(TENANTS, null, 2));

    const simulator = await startSimulatorProcess({ TENANTS_FILE: file });
    running.push(simulator);
    const printed = (name: string) =>
      simulator.banner.map((line) => new RegExp(`^\\s*${name}=(\\S+)$`).exec(line)?.[1]).find(Boolean);
    const accessKeyId = printed('AWS_ACCESS_KEY_ID');
    const secretAccessKey = printed('AWS_SECRET_ACCESS_KEY');
    expect(accessKeyId).toBeTruthy();
    expect(secretAccessKey).toBeTruthy();
    // It says which file and which tenants it serves, so a mismatch with the gateway's file shows.
    expect(simulator.banner.join('\n')).toContain(`tenants file: ${file}`);
    expect(simulator.banner.join('\n')).toMatch(/acme \(eu-west-2\).*globex \(ap-southeast-2\).*initech \(eu-west-2\)/);

    const gateway: GatewayProcess = await startGatewayProcess({
      CONNECT_MODE: 'aws',
      TENANTS_FILE: file,
      TENANTS_WATCH: 'false',
      AWS_ENDPOINT_URL_CONNECT: simulator.url,
      AWS_ENDPOINT_URL_STS: simulator.url,
      AWS_ACCESS_KEY_ID: accessKeyId!,
      AWS_SECRET_ACCESS_KEY: secretAccessKey!,
      // The gateway does need it (and checks it at start).
      ACME_CHAT_JWT_SECRET: 'a-shared-secret-of-at-least-32-bytes!',
    });
    running.push(gateway);
    expect(gateway.lines.join('\n')).toContain('CONNECT_MODE=aws');

    for (const [key, region] of [
      ['acme-widget-7f3a9c', 'eu-west-2'],
      ['globex-widget-5d2e', 'ap-southeast-2'],
      ['initech-widget-91ab', 'eu-west-2'],
    ] as const) {
      const result = await startChat(gateway.url, key);
      expect(result, key).toMatchObject({ __typename: 'StartChatContactPayload', region });
      expect(result.contactId).toMatch(/^[0-9a-f-]{36}$/);
    }

    expect(await gateway.stop()).toBe(0);
    expect(await simulator.stop()).toBe(0);
  });

  it.each([
    [
      'an invalid tenants file',
      () => {
        const file = join(dir, 'invalid.json');
        const tenant = {
          ...TENANTS.tenants[2],
          apiKeys: [],
          connect: { ...TENANTS.tenants[2]!.connect, region: 'mars' },
        };
        writeFileSync(file, JSON.stringify({ tenants: [tenant] }));
        return { TENANTS_FILE: file };
      },
      /^Connect simulator failed to start: Invalid tenants file .*invalid\.json: tenants\[0\]\.apiKeys: .+; tenants\[0\]\.connect\.region: not a region where Amazon Connect runs/,
    ],
    [
      'a duplicate key',
      () => {
        const file = join(dir, 'duplicate.json');
        writeFileSync(file, '{ "tenants": [], "tenants": [] }');
        return { TENANTS_FILE: file };
      },
      /^Connect simulator failed to start: Invalid tenants file .*duplicate\.json: tenants: duplicate key "tenants"/,
    ],
    [
      'a missing tenants file',
      () => ({ TENANTS_FILE: join(dir, 'no-such-file.json') }),
      /^Connect simulator failed to start: Cannot read tenants file .*no-such-file\.json: ENOENT/,
    ],
    [
      'a bad setting',
      () => ({ SIMULATOR_PORT: 'eighty' }),
      /^Connect simulator failed to start: Invalid environment: SIMULATOR_PORT: /,
    ],
  ])(
    'refuses %s with one clear line and exit code 1, never a stack',
    { timeout: 2 * START_DEADLINE_MS },
    async (_name, env, expected) => {
      const { code, stderr } = await failingSimulator(env());
      expect(code).toBe(1);
      expect(stderr).toMatch(expected);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/^\s+at /m);
    },
  );
});
