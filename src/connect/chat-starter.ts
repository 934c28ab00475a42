import { StartChatContactCommand } from '@aws-sdk/client-connect';
import type { ChatStarter } from '../chat/ports.js';
import { type ConnectCallRunnerOptions, createConnectCallRunner } from './call-runner.js';
import type { ConnectClientPool } from './client-pool.js';
import { toStartChatContactInput } from './to-sdk-input.js';

/** Options of {@link createChatStarter}. */
export interface ChatStarterOptions extends ConnectCallRunnerOptions {
  readonly pool: ConnectClientPool;
}

/** The Connect adapter for StartChatContact. */
export function createChatStarter(options: ChatStarterOptions): ChatStarter {
  const runner = createConnectCallRunner(options);
  return {
    start: (target, command, call) =>
      runner.run({
        operation: 'StartChatContact',
        target,
        call,
        command: () => new StartChatContactCommand(toStartChatContactInput(target, command)),
        send: (sdkCommand) => options.pool.clientFor(target).send(sdkCommand),
        read: (output) => {
          if (!output.ContactId || !output.ParticipantId || !output.ParticipantToken) {
            throw new Error('StartChatContact answered without ContactId, ParticipantId or ParticipantToken');
          }
          return {
            contactId: output.ContactId,
            participantId: output.ParticipantId,
            participantToken: output.ParticipantToken,
            ...(output.ContinuedFromContactId ? { continuedFromContactId: output.ContinuedFromContactId } : {}),
            region: target.region,
          };
        },
      }),
  };
}
