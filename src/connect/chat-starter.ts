import { StartChatContactCommand } from '@aws-sdk/client-connect';
import type { ChatStarter } from '../chat/ports.js';
import type { ConnectTarget } from '../chat/tenant.js';
import { connectOutcome, observeConnectCall, reportConnectCall } from '../observability/connect-calls.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { ConnectClientPool } from './client-pool.js';
import { withDeadline } from './deadline.js';
import { failedConnectCall } from './map-error.js';
import { toStartChatContactInput } from './to-sdk-input.js';

/** Options of {@link createChatStarter}. */
export interface ChatStarterOptions {
  readonly pool: ConnectClientPool;
  /** Overall deadline of one chat start, retries and backoff included. @default 8000 */
  readonly deadlineMs: number;
  /** Latency, outcome and retries of each call. */
  readonly metrics?: GatewayMetrics;
}

/** The Connect adapter for StartChatContact. */
export function createChatStarter(options: ChatStarterOptions): ChatStarter {
  return {
    async start(target, command, call) {
      let observed: ReturnType<typeof observeConnectCall> | undefined;
      try {
        const client = options.pool.clientFor(target);
        const sdkCommand = new StartChatContactCommand(toStartChatContactInput(target, command));
        observed = observeConnectCall({
          operation: 'StartChatContact',
          region: target.region,
          metrics: options.metrics,
          stack: sdkCommand.middlewareStack,
        });
        const output = await withDeadline(options.deadlineMs, (abortSignal) =>
          client.send(sdkCommand, { abortSignal }),
        );
        if (!output.ContactId || !output.ParticipantId || !output.ParticipantToken) {
          throw new Error('StartChatContact answered without ContactId, ParticipantId or ParticipantToken');
        }
        reportConnectCall(call, 'StartChatContact', target.region, observed.finish('ok'));
        return {
          contactId: output.ContactId,
          participantId: output.ParticipantId,
          participantToken: output.ParticipantToken,
          ...(output.ContinuedFromContactId ? { continuedFromContactId: output.ContinuedFromContactId } : {}),
          region: target.region,
        };
      } catch (error) {
        throw failedConnectCall(error, 'StartChatContact', target, call, observed?.finish(connectOutcome(error)));
      }
    },
  };
}
