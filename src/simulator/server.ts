import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createAuthenticator } from './auth.js';
import { createConnectOperations } from './connect-operations.js';
import {
  type AdvanceContactOptions,
  createContactStore,
  type SimulatedContactState,
  type SimulatedInstance,
} from './contact-store.js';
import { FaultQueue } from './faults.js';
import { DEFAULT_HISTORY_LIMIT } from './history.js';
import { sendError } from './rest-json.js';
import { createRoutes, type DescribeCall, type ReceivedCall } from './routes.js';
import type { SimulatorCredentials } from './sigv4.js';
import { createSts, type SimulatedRole, type StsCall } from './sts.js';

/** Options of {@link createSimulator}. */
export interface SimulatorOptions {
  /** Keys whose SigV4 signatures are accepted. */
  readonly credentials: readonly SimulatorCredentials[];
  readonly instances: readonly SimulatedInstance[];
  /** Faults to start with; they apply to Connect calls only, never to STS. @default none */
  readonly faults?: FaultQueue;
  /** Roles the simulated STS lets `credentials` (or credentials it issued) assume. @default none */
  readonly roles?: readonly SimulatedRole[];
  /** The simulator's clock, in epoch ms: signature skew and credential expiry. @default Date.now */
  readonly clock?: () => number;
  /**
   * How many of the newest calls `received`, `describeCalls` and `stsCalls` each keep, and how
   * many contacts (with their client tokens) the simulator remembers; older ones are forgotten.
   * @default 10,000
   */
  readonly historyLimit?: number;
}

/** A running (or ready to run) Connect simulator. */
export interface Simulator {
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  readonly url: string;
  readonly faults: FaultQueue;
  /** The newest StartChatContact calls received after authentication (at most `historyLimit`). */
  readonly received: ReceivedCall[];
  /** STS calls received after authentication (AssumeRole), whatever their outcome (the newest `historyLimit`). */
  readonly stsCalls: StsCall[];
  /** DescribeContact calls received after authentication, whatever their outcome (not in `received`; the newest `historyLimit`). */
  readonly describeCalls: DescribeCall[];
  /** Number of StartChatContact calls in `received` (matching `filter`), whatever their outcome. */
  count(filter?: (call: ReceivedCall) => boolean): number;
  /**
   * Moves a contact the simulator started forward in its life, at the simulator's clock, as routing,
   * an agent or the customer would. Throws for an unknown contact or a step back.
   */
  advanceContact(contactId: string, state: SimulatedContactState, options?: AdvanceContactOptions): void;
  /** Learns more instances, flows and roles while running (a gateway's tenants were reloaded). */
  add(more: { instances?: readonly SimulatedInstance[]; roles?: readonly SimulatedRole[] }): void;
}

/** Credentials the embedded simulator and the gateway share in simulator mode. Not a secret. */
export const SIMULATOR_CREDENTIALS: SimulatorCredentials = {
  accessKeyId: 'ASIMULATORACCESSKEY',
  secretAccessKey: 'simulator-secret-access-key',
};

/**
 * Creates a local server that speaks Connect's REST-JSON protocol for StartChatContact and
 * DescribeContact, so the real SDK, real SigV4 signing and real HTTP run in development and tests.
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const faults = options.faults ?? new FaultQueue();
  const clock = options.clock ?? (() => Date.now());
  const roles: SimulatedRole[] = [...(options.roles ?? [])];
  const historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  if (!Number.isInteger(historyLimit) || historyLimit < 1) {
    throw new RangeError(`historyLimit must be a whole number of at least 1, got ${historyLimit}`);
  }
  const sts = createSts(roles, clock, historyLimit);
  const store = createContactStore({ instances: options.instances, clock, historyLimit });
  const received: ReceivedCall[] = [];
  const describeCalls: DescribeCall[] = [];
  const handle = createRoutes({
    authenticate: createAuthenticator(options.credentials, sts.issued, clock),
    operations: createConnectOperations(store, faults),
    sts,
    faults,
    received,
    describeCalls,
    historyLimit,
  });
  const sockets = new Set<Socket>();
  let url = '';

  const server = createServer((req, res) => {
    // The SDK corrects its clock from this header: it must come from the simulator's clock.
    res.setHeader('date', new Date(clock()).toUTCString());
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 'InternalServiceException', String(error));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return {
    faults,
    received,
    describeCalls,
    stsCalls: sts.calls,
    get url() {
      return url;
    },
    count: (filter) => (filter ? received.filter(filter).length : received.length),
    advanceContact: (contactId, state, more) => store.advance(contactId, state, more),
    add(more) {
      store.learn(more.instances ?? []);
      for (const role of more.roles ?? []) {
        if (!roles.some((r) => r.roleArn === role.roleArn && r.externalId === role.externalId)) roles.push(role);
      }
    },
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          url = `http://${host}:${address.port}`;
          resolve(url);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    },
  };
}
