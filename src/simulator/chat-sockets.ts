/**
 * The chat websocket of the simulated Participant Service: the URL CreateParticipantConnection
 * hands out (`/chat-websocket?ticket=…`, the ticket being its secret) is upgraded on the
 * simulator's own HTTP server; a URL never issued, past its ConnectionExpiry, or of an ended chat
 * is refused at the upgrade (403), as a presigned URL is. A socket subscribed to `aws/chat` is
 * pushed every item of its chat posted from then on, in order; after `chat.ended` the socket is
 * closed (1000). A socket lives on past its URL's expiry (the expiry bounds connecting, as
 * Connect's 100 s "connect expiry timeout" does); only the `expire` fault closes it early.
 *
 * Faults, per chat, for tests: `drop` (sockets destroyed without a close frame), `silence`
 * (heartbeats unanswered on the sockets open now), `expire` (URLs refused, sockets closed 1001)
 * and `delay` (pushes wait, in order).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import {
  chatFrame,
  forbidden,
  HEARTBEAT_ANSWER,
  PING_ANSWER,
  readClientFrame,
  subscribeAnswer,
} from './chat-socket-frames.js';
import type { Chats } from './chats.js';

/** The path of the websocket URLs the simulator hands out. */
export const CHAT_WEBSOCKET_PATH = '/chat-websocket';

/** Close codes the simulator sends. */
const CLOSE = { chatEnded: 1000, expired: 1001 } as const;

/** How many sockets a chat has: open, and subscribed to `aws/chat`. */
export interface ChatSocketCount {
  readonly open: number;
  readonly subscribed: number;
}

interface Connection {
  readonly id: string;
  readonly ws: WebSocket;
  readonly contactId: string;
  subscribed: boolean;
  /** The `silence` fault: heartbeats and pings go unanswered. */
  silent: boolean;
  /** Pushes waiting for their time (the `delay` fault), oldest first; `null` closes the socket. */
  readonly outbox: { readonly frame: string | null; readonly due: number }[];
  timer?: NodeJS.Timeout;
}

/** What the websocket endpoint needs from the rest of the simulator. */
export interface ChatSocketsDeps {
  readonly chats: Chats;
  /** The chat a URL's ticket was issued for, while the URL is valid; undefined otherwise. */
  readonly grant: (ticket: string) => { readonly contactId: string } | undefined;
  /** The first contact of the chain a contact continues (itself for a new chat). */
  readonly initialContactId: (contactId: string) => string;
}

/** Creates the endpoint; `close()` ends every socket and timer. */
export function createChatSockets(deps: ChatSocketsDeps) {
  const server = new WebSocketServer({ noServer: true, maxPayload: 128 * 1024 });
  const byChat = new Map<string, Set<Connection>>();
  const delays = new Map<string, number>();

  const connectionsOf = (contactId: string) => [...(byChat.get(contactId) ?? [])];

  function forget(conn: Connection) {
    clearTimeout(conn.timer);
    conn.outbox.length = 0;
    const set = byChat.get(conn.contactId);
    set?.delete(conn);
    if (set?.size === 0) byChat.delete(conn.contactId);
  }

  /** Sends the due frames in order; a frame not yet due holds back those after it. */
  function drain(conn: Connection) {
    conn.timer = undefined;
    while (conn.outbox.length > 0) {
      const wait = conn.outbox[0]!.due - performance.now();
      if (wait > 0) {
        conn.timer = setTimeout(() => drain(conn), wait);
        conn.timer.unref();
        return;
      }
      const { frame } = conn.outbox.shift()!;
      if (frame === null) {
        forget(conn);
        conn.ws.close(CLOSE.chatEnded, 'Chat ended');
        return;
      }
      if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(frame);
    }
  }

  function push(conn: Connection, frame: string | null) {
    conn.outbox.push({ frame, due: performance.now() + (delays.get(conn.contactId) ?? 0) });
    if (!conn.timer) drain(conn);
  }

  const unsubscribe = deps.chats.subscribe((event) => {
    const contactId = event.chat.contact.ContactId;
    if (!byChat.has(contactId)) {
      if (event.type === 'closed') delays.delete(contactId);
      return;
    }
    if (event.type === 'item') {
      const subscribed = connectionsOf(contactId).filter((c) => c.subscribed);
      if (subscribed.length === 0) return;
      const frame = chatFrame(event.item, deps.initialContactId(contactId));
      for (const conn of subscribed) push(conn, frame);
    } else if (event.type === 'closed') {
      for (const conn of connectionsOf(contactId)) push(conn, null);
      delays.delete(contactId);
    }
  });

  function accept(ws: WebSocket, contactId: string) {
    const conn: Connection = { id: randomUUID(), ws, contactId, subscribed: false, silent: false, outbox: [] };
    const set = byChat.get(contactId) ?? new Set();
    set.add(conn);
    byChat.set(contactId, set);
    ws.on('message', (data, isBinary) => {
      const frame = isBinary ? { kind: 'unknown' as const } : readClientFrame(String(data));
      if (frame.kind === 'subscribe') {
        const answer = subscribeAnswer(frame.topics);
        ws.send(answer.frame);
        if (answer.subscribed) conn.subscribed = true;
      } else if (frame.kind === 'heartbeat') {
        if (!conn.silent) ws.send(HEARTBEAT_ANSWER);
      } else if (frame.kind === 'ping') {
        if (!conn.silent) ws.send(PING_ANSWER);
      } else {
        ws.send(forbidden(conn.id));
      }
    });
    ws.on('close', () => forget(conn));
    ws.on('error', () => forget(conn));
  }

  function refuse(socket: Duplex) {
    const body = JSON.stringify({ message: 'Forbidden' });
    socket.end(
      `HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n` +
        `x-amzn-errortype: ForbiddenException\r\nconnection: close\r\n\r\n${body}`,
    );
  }

  return {
    /** Handles an upgrade request if it is for the chat websocket; false if it is not. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const url = new URL(req.url ?? '/', 'http://simulator');
      if (url.pathname !== CHAT_WEBSOCKET_PATH) return false;
      const grant = deps.grant(url.searchParams.get('ticket') ?? '');
      const chat = grant && deps.chats.get(grant.contactId);
      if (!grant || !chat || chat.ended) {
        refuse(socket);
        return true;
      }
      server.handleUpgrade(req, socket, head, (ws) => accept(ws, grant.contactId));
      return true;
    },
    count(contactId: string): ChatSocketCount {
      const all = connectionsOf(contactId);
      return { open: all.length, subscribed: all.filter((c) => c.subscribed).length };
    },
    /** Destroys the chat's sockets without a close frame, as a network failure would. */
    drop(contactId: string): number {
      const all = connectionsOf(contactId);
      for (const conn of all) {
        forget(conn);
        conn.ws.terminate();
      }
      return all.length;
    },
    /** The chat's sockets open now stop answering heartbeats and pings. */
    silence(contactId: string): number {
      const all = connectionsOf(contactId);
      for (const conn of all) conn.silent = true;
      return all.length;
    },
    /** Closes the chat's sockets as expired (1001); the caller refuses their URLs. */
    expire(contactId: string): number {
      const all = connectionsOf(contactId);
      for (const conn of all) {
        forget(conn);
        conn.ws.close(CLOSE.expired, 'Going away');
      }
      return all.length;
    },
    /** Pushes to the chat's sockets wait `ms` from now on (0 restores), in order. */
    delay(contactId: string, ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`A push delay must be 0 or more ms, got ${ms}`);
      if (ms === 0) delays.delete(contactId);
      else delays.set(contactId, ms);
    },
    close() {
      unsubscribe();
      for (const contactId of [...byChat.keys()]) {
        for (const conn of connectionsOf(contactId)) {
          forget(conn);
          conn.ws.terminate();
        }
      }
      delays.clear();
      server.close();
    },
  };
}

export type ChatSockets = ReturnType<typeof createChatSockets>;
