// The floor's events at their sources, without touching the use cases: the agent state store and
// the call records are wrapped so that what they store is also announced on the floor. The
// announcement follows the write and never holds it up or fails it: it runs afterwards, one call
// (or agent) at a time in order, and a failure is only logged.
import type { AgentStateStore } from '../../ports/agent/agent-state-store.js';
import type { CallRecords, NewCallEvent } from '../../ports/call/call-records.js';
import type { FloorEvent } from '../../domain/floor/floor-events.js';
import type { Logger } from '../../ports/logger.js';
import { createKeyedSerial } from '../shared/keyed-serial.js';

export type Publish = (event: FloorEvent) => Promise<unknown>;

export interface FloorPublishing {
  agentStates(store: AgentStateStore): AgentStateStore;
  callRecords(records: CallRecords): CallRecords;
  /** Resolves when every announcement queued so far is sent (tests, shutdown). */
  idle(): Promise<void>;
}

export function createFloorPublishing(deps: { publish: Publish; now: () => Date; logger: Logger }): FloorPublishing {
  const log = deps.logger.child({ component: 'floor-publishing' });
  const serial = createKeyedSerial();
  /** Runs `make` after the key's earlier announcements and publishes what it gives; never throws. */
  const announce = (key: string, make: () => Promise<FloorEvent | null> | FloorEvent | null): void => {
    void serial
      .run(key, async () => {
        const event = await make();
        if (event) await deps.publish(event);
      })
      .catch((err: unknown) => log.warn({ err, key }, 'floor event not published'));
  };

  function callEvent(records: CallRecords, e: NewCallEvent): void {
    const agentId = typeof e.data?.agentId === 'string' ? e.data.agentId : null;
    // a caller offered to an agent, or a callback (回拨) the agent's phone rings for first: the
    // desktop pops either, the callback marked (its number is the call's caller)
    const callback = e.type === 'callback_agent_offered';
    if ((e.type === 'agent_offered' || callback) && agentId) {
      announce(`call:${e.callId}`, async () => {
        const call = await records.getCall(e.callId);
        const joined = call?.events.find((x) => x.type === 'enqueued')?.at ?? null;
        const via = callback ? e.data?.queueId : e.data?.viaQueueId;
        return {
          type: 'call_offered',
          callId: e.callId,
          agentId,
          queueId: typeof via === 'string' ? via : null,
          callerNumber: call?.callerNumber ?? null,
          queuedAt: joined ? joined.toISOString() : null,
          callback,
          at: e.at.toISOString(),
        };
      });
    } else if (e.type === 'leg_answered' && e.leg === 'agent' && agentId) {
      announce(`call:${e.callId}`, () => ({ type: 'call_answered', callId: e.callId, agentId, at: e.at.toISOString() }));
    }
  }

  return {
    agentStates(store) {
      return {
        ...store,
        async save(agentId, state) {
          await store.save(agentId, state);
          announce(`agent:${agentId}`, () => ({ type: 'agent_state', agentId, state }));
        },
        async remove(agentId) {
          await store.remove(agentId);
          announce(`agent:${agentId}`, () => ({ type: 'agent_state', agentId, state: { status: 'offline', since: deps.now().getTime() } }));
        },
      };
    },
    callRecords(records) {
      return {
        ...records,
        async openCall(call) {
          await records.openCall(call);
          announce(`call:${call.callId}`, () => ({
            type: 'call_started', callId: call.callId, callerNumber: call.callerNumber, dialedNumber: call.dialedNumber, at: call.startedAt.toISOString(),
          }));
        },
        async appendEvent(event) {
          await records.appendEvent(event);
          callEvent(records, event);
        },
        async updateCall(callId, patch) {
          await records.updateCall(callId, patch);
          const endedAt = patch.endedAt;
          if (!endedAt) return;
          announce(`call:${callId}`, async () => {
            const call = await records.getCall(callId);
            return { type: 'call_ended', callId, agentId: call?.agentId ?? null, outcome: call?.outcome ?? 'ended', at: endedAt.toISOString() };
          });
        },
      };
    },
    idle: () => serial.idle(),
  };
}
