import type { Server } from 'node:http';
import { createConnectClientPool } from '../../src/connect/client-pool.js';
import { createParticipantClientPool } from '../../src/connect/participant-clients.js';

/*
 * What the bench's reference servers share: the Connect and Participant Service clients the
 * gateway would use (same pooled settings: timeouts, retry strategy, how answers are read) for
 * the bench tenant, and listening the way the bench expects.
 * Env: PORT, BENCH_REGION, BENCH_INSTANCE_ID, BENCH_FLOW_ID, AWS_ENDPOINT_URL_CONNECT,
 * AWS_ENDPOINT_URL_CONNECTPARTICIPANT + credentials; BENCH_CACHE_MIDDLEWARE=on|off.
 */
export const target = {
  region: process.env.BENCH_REGION ?? 'us-east-1',
  instanceId: process.env.BENCH_INSTANCE_ID ?? '',
  contactFlowId: process.env.BENCH_FLOW_ID ?? '',
};
const settings = { connectionTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 3 };
const pool = createConnectClientPool(settings);
// No endpoint given, as the gateway in `aws` mode: the SDK reads AWS_ENDPOINT_URL_CONNECTPARTICIPANT.
const participantPool = createParticipantClientPool(settings);
export const client = pool.clientFor(target);
export const participantClient = participantPool.clientFor(target.region);

/**
 * Whether the SDK resolves each command's middleware chain once per command class and reuses it
 * (`cacheMiddleware`; only for a `send` without per-call options, as here). Set explicitly either
 * way, whatever the pools' default becomes: the issue asks for the gateway's ratio against the
 * bare call both with and without it.
 */
export const cacheMiddleware = process.env.BENCH_CACHE_MIDDLEWARE === 'on';
client.config.cacheMiddleware = cacheMiddleware;
participantClient.config.cacheMiddleware = cacheMiddleware;

/** Listens on 127.0.0.1:PORT, logs `{"msg":"<name> listening","port":…}`, stops on SIGTERM. */
export function listen(server: Server, name: string) {
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(
      `${JSON.stringify({ msg: `${name} listening`, port: typeof address === 'object' && address ? address.port : 0, cacheMiddleware })}\n`,
    );
  });
  process.once('SIGTERM', () => {
    server.close();
    pool.destroy();
    participantPool.destroy();
    process.exit(0);
  });
}
