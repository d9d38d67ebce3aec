// The agent's desktop actions on a call held by another app instance: sent over the command bus
// to that instance, the answer read back from its call state once it ran the command; a call of
// this instance is handled here as before, with no command sent.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAgentCallActions } from '../../../src/app/agent/agent-call-actions.js';
import { AgentStateConflictError, type AgentSessions } from '../../../src/app/agent/agent-sessions.js';
import { CallOwnerUnreachableError } from '../../../src/app/call/call-owner-unreachable-error.js';
import { createCallState } from '../../../src/domain/call/call-flow.js';
import type { CallFlowEvent, CallState } from '../../../src/domain/call/call-flow-types.js';
import type { CallCommand, CallCommandBus } from '../../../src/ports/call/call-command-bus.js';
import type { CallControl } from '../../../src/ports/call/call-control.js';
import type { CallStateStore } from '../../../src/ports/call/call-state-store.js';

const NOW = new Date('2026-11-22T08:00:00.000Z');

function memoryStore(): CallStateStore & { map: Map<string, CallState> } {
  const map = new Map<string, CallState>();
  return {
    map,
    get: async (id) => map.get(id) ?? null,
    save: async (s) => void map.set(s.callId, s),
    delete: async (id) => void map.delete(id),
    listCallIds: async () => [...map.keys()],
  };
}

const withAgent = (callId: string, agentId: string): CallState => ({
  ...createCallState({ callId, callerChannelId: callId, callerNumber: '13800138000', dialedNumber: '12345', queueId: 'general' }),
  phase: 'with_agent',
  agent: {
    agentId,
    extension: '1001',
    legChannelId: `${callId}-agent-1`,
    bridgeId: `${callId}-bridge`,
    answered: true,
    offeredAt: NOW.toISOString(),
    answeredAt: NOW.toISOString(),
  },
});

describe('agent call actions across app instances', () => {
  let here: ReturnType<typeof memoryStore>;
  let there: ReturnType<typeof memoryStore>;
  let owners: Map<string, string>;
  let sent: CallCommand[];
  let listening: Set<string>;
  /** What the other instance does with a command it receives; null: it never gets round to it. */
  let otherInstance: ((c: CallCommand) => void) | null;
  let fed: Array<{ callId: string; event: CallFlowEvent }>;
  let hungUp: string[];
  let actions: ReturnType<typeof createAgentCallActions>;

  beforeEach(() => {
    vi.useFakeTimers();
    here = memoryStore();
    there = memoryStore();
    owners = new Map();
    sent = [];
    listening = new Set(['hotline', 'hotline-b']);
    otherInstance = () => undefined;
    const outcomes = new Map<string, 'done' | 'failed'>();
    fed = [];
    hungUp = [];
    const bus: CallCommandBus = {
      async publish(c) {
        sent.push(c);
        if (!listening.has(c.app)) return null;
        const id = `cmd-${sent.length}`;
        // the other instance runs it a little later
        setTimeout(() => {
          if (!otherInstance) return;
          try {
            otherInstance(c);
            outcomes.set(id, 'done');
          } catch {
            outcomes.set(id, 'failed');
          }
        }, 120);
        return id;
      },
      outcome: async (id) => outcomes.get(id) ?? null,
      subscribe: async () => undefined,
      close: async () => undefined,
    };
    const sessions = {
      state: async (agentId: string) => ({ status: 'on_call', callId: agentId === 'zhang' ? 'call-a' : 'call-b', since: 0 }),
    } as unknown as AgentSessions;
    const control = { hangup: async (channelId: string) => void hungUp.push(channelId) } as unknown as CallControl;
    actions = createAgentCallActions({
      sessions,
      calls: here,
      control,
      feed: async (callId, event) => {
        fed.push({ callId, event });
        const s = here.map.get(callId);
        if (s && event.type === 'hold') here.map.set(callId, { ...s, onHold: event.on });
      },
      now: () => NOW,
      instances: {
        app: 'hotline',
        owners: { ownerOf: async (id) => owners.get(id) ?? null, stateIn: async (app, id) => (app === 'hotline-b' ? there.get(id) : null) },
        bus,
      },
    });
    // zhang's call is held here, li's by the other instance
    here.map.set('call-a', withAgent('call-a', 'zhang'));
    owners.set('call-a', 'hotline');
    there.map.set('call-b', withAgent('call-b', 'li'));
    owners.set('call-b', 'hotline-b');
  });
  afterEach(() => vi.useRealTimers());

  it('holds a call of this instance here, sending no command', async () => {
    expect(await actions.hold('zhang', true)).toEqual({ callId: 'call-a', onHold: true });
    expect(fed).toEqual([{ callId: 'call-a', event: { type: 'hold', at: NOW, on: true, via: 'api' } }]);
    expect(sent).toEqual([]);
  });

  it('sends the hold of a call held elsewhere to that instance and answers once its state shows it', async () => {
    otherInstance = () => there.map.set('call-b', { ...there.map.get('call-b')!, onHold: true });
    const answer = actions.hold('li', true);
    await vi.advanceTimersByTimeAsync(200);
    expect(await answer).toEqual({ callId: 'call-b', onHold: true });
    expect(sent).toEqual([{ app: 'hotline-b', callId: 'call-b', event: { type: 'hold', at: NOW, on: true, via: 'api' } }]);
    expect(fed).toEqual([]);
    expect(await actions.callerCanHear('li')).toEqual({ callId: 'call-b', callerCanHear: false, onHold: true });
  });

  it('answers 409 when the other instance ran the command but the call could not take it', async () => {
    const answer = actions.emergency('li', '119').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(200);
    expect(await answer).toEqual(new AgentStateConflictError('The call call-b cannot take an emergency handover now'));
  });

  it('answers 409 when the other instance does not run the command within 2 s', async () => {
    otherInstance = null;
    const answer = actions.endService('li', 'agent_api').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_100);
    const err = await answer;
    expect(err).toBeInstanceOf(AgentStateConflictError);
    expect((err as Error).message).toBe('The service of call call-b cannot be ended now (with_agent)');
  });

  it('fails when the other instance could not run the command', async () => {
    otherInstance = () => {
      throw new Error('ARI down');
    };
    const answer = actions.hold('li', true).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(200);
    expect(await answer).toEqual(new Error('The app instance "hotline-b" could not run hold on call call-b'));
  });

  it('says the call cannot be reached when no instance of its app listens', async () => {
    listening.delete('hotline-b');
    await expect(actions.emergency('li', '110')).rejects.toBeInstanceOf(CallOwnerUnreachableError);
    expect(sent).toHaveLength(1);
  });

  it('hangs up the agent leg through the other instance: the leg it saw, answered once that instance sent the hang-up', async () => {
    otherInstance = () => there.map.set('call-b', { ...there.map.get('call-b')!, agent: null });
    const answer = actions.hangup('li');
    await vi.advanceTimersByTimeAsync(200);
    expect(await answer).toEqual({ callId: 'call-b' });
    expect(sent.map((c) => c.event)).toEqual([{ type: 'hangup_agent_leg', at: NOW, channelId: 'call-b-agent-1' }]);
    expect(hungUp).toEqual([]);
    // no agent leg left: 409 at once, nothing sent
    await expect(actions.hangup('li')).rejects.toThrow('The call call-b has no agent leg');
    expect(sent).toHaveLength(1);
  });

  it('answers 409 when the other instance does not hang up within 2 s', async () => {
    otherInstance = null;
    const answer = actions.hangup('li').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_100);
    expect(await answer).toEqual(new AgentStateConflictError('The agent leg of call call-b was not hung up in time'));
  });

  it('reads whether the caller hears the agent from the instance holding the call', async () => {
    expect(await actions.callerCanHear('li')).toEqual({ callId: 'call-b', callerCanHear: true, onHold: false });
    expect(await actions.callerCanHear('zhang')).toEqual({ callId: 'call-a', callerCanHear: true, onHold: false });
  });

  it('runs commands from the bus here: flow events are fed, a leg is hung up only if it is still the agent leg', async () => {
    await actions.runCommand({ app: 'hotline', callId: 'call-a', event: { type: 'hangup_agent_leg', at: NOW, channelId: 'call-a-agent-0' } });
    expect(hungUp).toEqual([]);
    await actions.runCommand({ app: 'hotline', callId: 'call-a', event: { type: 'hangup_agent_leg', at: NOW, channelId: 'call-a-agent-1' } });
    expect(hungUp).toEqual(['call-a-agent-1']);
    await actions.runCommand({ app: 'hotline', callId: 'call-a', event: { type: 'end_service', at: NOW, by: 'supervisor' } });
    expect(fed).toEqual([{ callId: 'call-a', event: { type: 'end_service', at: NOW, by: 'supervisor' } }]);
  });

  it('releases a ringing offer wherever the call is held', async () => {
    await actions.releaseAgentLeg('call-a');
    expect(hungUp).toEqual(['call-a-agent-1']);
    await actions.releaseAgentLeg('call-b');
    expect(sent).toEqual([{ app: 'hotline-b', callId: 'call-b', event: { type: 'hangup_agent_leg', at: NOW, channelId: 'call-b-agent-1' } }]);
  });
});
