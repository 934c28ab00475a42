import { simulatedResourcesOf } from '../../src/gateway.js';
import { createSimulator, SIMULATOR_CREDENTIALS } from '../../src/simulator/index.js';
import { serveCalls } from './rpc.js';

/*
 * The streams benchmark's Connect simulator, in its own process: the agent does nothing on its
 * own; the benchmark joins it to the chats and has it talk at a set rate through calls on the IPC
 * channel. Each message's text carries the monotonic clock (ms) when the agent sent it:
 * `bench <seq> <ms>` — the clients take their latency from it (CLOCK_MONOTONIC is one clock for
 * every process of the machine).
 */

const INSTANCE = process.env.BENCH_INSTANCE_ID ?? 'bench-instance';
const FLOW = process.env.BENCH_FLOW_ID ?? 'bench-flow';

const simulator = createSimulator({
  credentials: [SIMULATOR_CREDENTIALS],
  ...simulatedResourcesOf([{ connect: { instanceId: INSTANCE, contactFlowId: FLOW } }]),
  agent: { enabled: false },
  // Every chat and call of a run is kept: 10,000 streams make ≈ 30,000 Participant Service calls.
  historyLimit: 1_000_000,
});
const url = await simulator.listen(0, '127.0.0.1');

/** The monotonic clock, in ms (the clients read the same one). */
const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

serveCalls(
  {
    /** The agent joins each chat (not yet joined), so that the measured items are messages only. */
    join(contactIds: string[]) {
      let joined = 0;
      for (const contactId of contactIds) {
        try {
          simulator.agentJoins(contactId);
          joined += 1;
        } catch {
          // Already joined.
        }
      }
      return joined;
    },
    /**
     * How far the chats' relays are: sockets subscribed, and (for the gateway) chats whose stream
     * read its starting position (GetTranscript of the newest item) since `sinceCall`.
     */
    progress({ contactIds, sinceCall }: { contactIds: string[]; sinceCall: number }) {
      let subscribed = 0;
      for (const contactId of contactIds) subscribed += simulator.chatSockets(contactId).subscribed;
      const wanted = new Set(contactIds);
      const positioned = new Set<string>();
      for (const call of simulator.participantCalls.slice(sinceCall)) {
        if (
          call.operation === 'GetTranscript' &&
          call.body.ScanDirection === 'BACKWARD' &&
          call.error === undefined &&
          call.contactId &&
          wanted.has(call.contactId)
        ) {
          positioned.add(call.contactId);
        }
      }
      return { subscribed, positioned: positioned.size, calls: simulator.participantCalls.length };
    },
    /** Where the Participant Service call log stands now. */
    calls: () => simulator.participantCalls.length,
    /**
     * The agent sends `messages` messages at `rate` per second, round robin over the chats;
     * answers when the last one is sent, with how late the sends ran behind the schedule.
     */
    say({ contactIds, messages, rate }: { contactIds: string[]; messages: number; rate: number }) {
      return new Promise<{ sent: number; seconds: number; maxLagMs: number }>((resolve) => {
        const start = monotonicMs();
        let sent = 0;
        let maxLagMs = 0;
        const tick = () => {
          const now = monotonicMs();
          const due = Math.min(messages, Math.floor(((now - start) * rate) / 1000) + 1);
          if (due - sent > 1) maxLagMs = Math.max(maxLagMs, ((due - sent - 1) * 1000) / rate);
          while (sent < due) {
            const contactId = contactIds[sent % contactIds.length]!;
            sent += 1;
            simulator.agentSays(contactId, `bench ${sent} ${monotonicMs().toFixed(3)}`);
          }
          if (sent >= messages) resolve({ sent, seconds: (monotonicMs() - start) / 1000, maxLagMs });
          else setTimeout(tick, 1);
        };
        tick();
      });
    },
  },
  { url },
);
