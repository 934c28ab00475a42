import type { CallContext, ChatStarter } from '../connect/chat-starter.js';
import type { Tenant } from '../tenants/tenant.js';
import type { StartChatCommand, StartedChat } from './command.js';

/**
 * Starts a chat for the calling tenant. Instance, flow, region and credentials come only from
 * the tenant; the command cannot carry them. Throws a `ChatError` for expected failures.
 */
export function startChat(
  starter: ChatStarter,
  tenant: Tenant,
  command: StartChatCommand,
  call: CallContext,
): Promise<StartedChat> {
  call.logger.info('starting chat');
  return starter.start(tenant.connect, command, call);
}
