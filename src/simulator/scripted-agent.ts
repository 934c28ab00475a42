/**
 * The scripted agent: in every chat, once the customer has connected and `joinDelayMs` after the
 * chat started, an agent joins; for each customer message or attachment it waits `replyDelayMs`,
 * sends delivered and read receipts, types, waits `replyDelayMs` again and answers
 * `You said: "<text>"`; a message saying "bye" gets a goodbye and ends the chat. Each chat's steps
 * run in order, one after the other. Timers are real (unref'd) and cleared by `stop()`; tests set
 * the delays to 0 or wait for items instead of time.
 */
import { type Chat, type ChatItem, type Chats, DEFAULT_AGENT_NAME, EVENT_TYPES } from './chats.js';

/** What the scripted agent does on its own. */
export interface ScriptedAgentOptions {
  /** Whether it joins and answers on its own (the control API works either way). @default true */
  readonly enabled?: boolean;
  /** How long after the chat started it joins; never before the customer created a connection. @default 2000 */
  readonly joinDelayMs?: number;
  /** How long it takes to read a customer message, and then to type the answer. @default 1000 */
  readonly replyDelayMs?: number;
  /** @default "Sam (simulated agent)" */
  readonly displayName?: string;
}

/** The longest text the agent echoes, so its answer stays within text/plain's 1024 characters. */
const MAX_ECHO = 900;
const GOODBYE = 'Thanks for chatting with us. Goodbye!';

/** Whether a customer message asks to end the chat ("bye", "Bye!", "goodbye", "bye for now"). */
export const saysBye = (text: string | undefined) => /^\s*(good)?bye\b/i.test(text ?? '');

/** Starts the agent on `chats`; `stop()` cancels whatever it was about to do. */
export function createScriptedAgent(chats: Chats, clock: () => number, options: ScriptedAgentOptions = {}) {
  const enabled = options.enabled ?? true;
  const joinDelayMs = options.joinDelayMs ?? 2000;
  const replyDelayMs = options.replyDelayMs ?? 1000;
  const displayName = options.displayName ?? DEFAULT_AGENT_NAME;
  for (const [name, ms] of Object.entries({ joinDelayMs, replyDelayMs })) {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`agent.${name} must be 0 or more, got ${ms}`);
  }
  const timers = new Set<NodeJS.Timeout>();
  const queues = new Map<string, Promise<void>>();
  const whenConnected = new Map<string, () => void>();
  let stopped = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      timers.add(timer);
    });

  /** Runs `step` after the chat's earlier steps, unless the chat has ended by then. */
  function enqueue(chat: Chat, step: () => Promise<void> | void) {
    const id = chat.contact.ContactId;
    const next = (queues.get(id) ?? Promise.resolve())
      .then(() => (chat.ended || stopped ? undefined : step()))
      .catch(() => undefined);
    queues.set(id, next);
  }

  async function join(chat: Chat, connected: Promise<void>) {
    await connected;
    const elapsed = clock() - chat.contact.initiatedAt;
    await sleep(Math.min(joinDelayMs, Math.max(0, joinDelayMs - elapsed)));
    if (!chat.ended && !stopped) chats.agentJoins(chat, displayName);
  }

  async function answer(chat: Chat, item: ChatItem) {
    await sleep(replyDelayMs);
    const agent = chat.agent;
    if (chat.ended || stopped || !agent) return;
    chats.receipt(chat, agent, item.Id, 'delivered');
    chats.receipt(chat, agent, item.Id, 'read');
    chats.say(chat, agent, { Type: 'EVENT', ContentType: EVENT_TYPES.typing });
    await sleep(replyDelayMs);
    if (chat.ended || stopped) return;
    const bye = item.Type === 'MESSAGE' && saysBye(item.Content);
    const text =
      item.Type === 'ATTACHMENT'
        ? `Thanks, I received "${item.Attachments?.[0]?.AttachmentName ?? 'your file'}".`
        : bye
          ? GOODBYE
          : `You said: "${echo(item.Content ?? '')}"`;
    chats.say(chat, agent, { Type: 'MESSAGE', ContentType: 'text/plain', Content: text });
    if (bye) chats.end(chat, 'AGENT');
  }

  if (enabled) {
    chats.subscribe((event) => {
      const { chat } = event;
      const id = chat.contact.ContactId;
      if (event.type === 'opened') {
        const connected = new Promise<void>((resolve) => whenConnected.set(id, resolve));
        enqueue(chat, () => join(chat, connected));
      } else if (event.type === 'connected') {
        whenConnected.get(id)?.();
        whenConnected.delete(id);
      } else if (event.type === 'closed') {
        whenConnected.delete(id);
        queues.delete(id);
      } else if (
        event.item.ParticipantRole === 'CUSTOMER' &&
        (event.item.Type === 'MESSAGE' || event.item.Type === 'ATTACHMENT')
      ) {
        const { item } = event;
        enqueue(chat, () => answer(chat, item));
      }
    });
  }

  return {
    displayName,
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      queues.clear();
      whenConnected.clear();
    },
  };
}

function echo(text: string) {
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
}
