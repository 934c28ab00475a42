import type { Server } from 'node:http';
import { createConnectClientPool } from '../../src/connect/client-pool.js';

/*
 * What the bench's reference servers share: the Connect client the gateway would use (same pooled
 * settings: timeouts, retry strategy) for the bench tenant, and listening the way the bench expects.
 * Env: PORT, BENCH_REGION, BENCH_INSTANCE_ID, BENCH_FLOW_ID, AWS_ENDPOINT_URL_CONNECT + credentials.
 */
export const target = {
  region: process.env.BENCH_REGION ?? 'us-east-1',
  instanceId: process.env.BENCH_INSTANCE_ID ?? '',
  contactFlowId: process.env.BENCH_FLOW_ID ?? '',
};
const pool = createConnectClientPool({ connectionTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 3 });
export const client = pool.clientFor(target);

/** Listens on 127.0.0.1:PORT, logs `{"msg":"<name> listening","port":…}`, stops on SIGTERM. */
export function listen(server: Server, name: string) {
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(
      `${JSON.stringify({ msg: `${name} listening`, port: typeof address === 'object' && address ? address.port : 0 })}\n`,
    );
  });
  process.once('SIGTERM', () => {
    server.close();
    pool.destroy();
    process.exit(0);
  });
}
