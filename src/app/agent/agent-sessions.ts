// Agents' working states (login, ready, not ready, ringing, on call, wrap-up) driven by the pure
// agentTransition on the per-key machine runner (one agent's events one after another), kept in
// the agent state store and mirrored into the shared agent pool that the ACD claims from.
import { agentTransition } from '../../domain/agent/agent-state.js';
import type { AgentEffect, AgentEvent, AgentState, NotReadyReason } from '../../domain/agent/agent-types.js';
import type { AgentDirectory, AgentRecord } from '../../ports/agent/agent-directory.js';
import type { AgentPool } from '../../ports/acd/agent-pool.js';
import type { AgentStateStore } from '../../ports/agent/agent-state-store.js';
import type { DevicePresence } from '../../ports/agent/device-presence.js';
import type { Logger } from '../../ports/logger.js';
import { createMachineRunner } from '../shared/machine-runner.js';
import { NamedError } from '../../domain/shared/named-error.js';

export type CallEventForAgent = 'offered' | 'answered' | 'ring_no_answer' | 'call_ended' | 'call_lost';

export class AgentNotFoundError extends NamedError {
  readonly code = 'agent-not-found';
  constructor(agentId: string) {
    super(`No agent ${agentId}`);
  }
}

export class AgentStateConflictError extends NamedError {
  readonly code = 'agent-state-conflict';
}

export interface AgentSessionsDeps {
  directory: AgentDirectory;
  states: AgentStateStore;
  pool: AgentPool;
  presence: DevicePresence | null;
  wrapUpSeconds: number;
  now: () => number;
  logger: Logger;
  /** Ends the ringing offer of a call (the agent went not-ready or logged out while it rang). */
  releaseCall: (callId: string) => Promise<void>;
  /** An agent became ready: the ACD should look for a waiting caller. */
  onReady: () => void;
  /** Every change of an agent's status (for the queue_log and supervisors). */
  onStatusChange?: (agentId: string, extension: string, from: AgentState, to: AgentState) => void;
}

export interface AgentSessions {
  login(agentId: string, ready: boolean): Promise<AgentState>;
  logout(agentId: string): Promise<AgentState>;
  setReady(agentId: string): Promise<AgentState>;
  setNotReady(agentId: string, reason: NotReadyReason, note?: string | null): Promise<AgentState>;
  /** Same as the others, by softphone extension (feature codes dialled from the phone). */
  byExtension(extension: string): Promise<string | null>;
  onCallEvent(agentId: string, callId: string, event: CallEventForAgent): Promise<void>;
  onDeviceChange(extension: string, reachable: boolean): Promise<void>;
  state(agentId: string): Promise<AgentState>;
  all(): Promise<Record<string, AgentState>>;
  /**
   * Forgets everything live about an agent whose account is deleted: its state, its place in the
   * agent pool (the ready sets of its skills and of `skills`, any reservation, whose call is
   * released) and its wrap-up timer. The id starts offline after it.
   */
  forget(agentId: string, skills: Record<string, number>): Promise<void>;
  stop(): void;
}

/** An agent's machine as the runner holds it: its account (extension, skills) and its state. */
interface AgentSession {
  agent: AgentRecord;
  state: AgentState;
}

/** The agent's own commands: refused in a state that does not take them (409 over HTTP). */
const COMMANDS: ReadonlySet<AgentEvent['type']> = new Set(['login', 'logout', 'set_ready', 'set_not_ready']);

export function createAgentSessions(deps: AgentSessionsDeps): AgentSessions {
  const log = deps.logger.child({ component: 'agents' });
  const wrapUpTimers = new Map<string, NodeJS.Timeout>();
  const settings = { wrapUpSeconds: deps.wrapUpSeconds };

  const runner = createMachineRunner<AgentSession, AgentEvent, AgentEffect>(
    {
      async load(agentId, event) {
        const agent = await deps.directory.get(agentId);
        if (!agent) return null;
        return { agent, state: (await deps.states.get(agentId)) ?? { status: 'offline', since: event.at } };
      },
      transition(session, event) {
        const result = agentTransition(session.state, event, settings);
        return { state: { agent: session.agent, state: result.state }, effects: result.effects, handled: result.handled };
      },
      // the state itself is saved by the machine's publish_state effect, in the order it puts it
      // (after the release of a call that rang): here the change is logged and announced
      async save(agentId, step, { state: current }, event) {
        if (!step.handled) log.debug({ agentId, event: event.type, status: current.status }, 'agent event not handled');
        else if (step.state.state.status !== current.status) {
          log.info({ agentId, from: current.status, to: step.state.state.status }, 'agent state');
          deps.onStatusChange?.(agentId, step.state.agent.extension, current, step.state.state);
        }
      },
      async runEffects(agentId, step) {
        if (!step.handled) return;
        for (const effect of step.effects) {
          try {
            await runEffect(agentId, effect);
          } catch (err) {
            log.error({ err, agentId, effect: effect.kind }, 'agent effect failed');
          }
        }
      },
      channelGone: () => null, // an agent's effects command no channel
    },
    { log, keyName: 'agentId', failure: 'agent event handling failed' },
  );

  const reachable = (extension: string) => (deps.presence ? deps.presence.isReachable(extension) : true);

  async function syncPool(agentId: string, state: AgentState): Promise<void> {
    const agent = await deps.directory.get(agentId);
    if (!agent) return;
    switch (state.status) {
      case 'ready':
        if (reachable(agent.extension)) {
          await deps.pool.setAgentReady(agentId, { skills: agent.skills, languages: agent.languages, readySince: state.since });
          deps.onReady();
        } else {
          await deps.pool.setAgentUnavailable(agentId, 'device-unreachable');
        }
        return;
      case 'wrap_up':
        await deps.pool.releaseAgent(agentId, state.callId, { backToReady: false, now: deps.now(), state: 'wrap-up' });
        return;
      case 'offline':
      case 'not_ready':
        await deps.pool.setAgentUnavailable(agentId, state.status === 'offline' ? 'offline' : 'not-ready');
        return;
      default:
        return; // ringing and on call: the ACD's claim already holds the agent
    }
  }

  async function runEffect(agentId: string, effect: AgentEffect): Promise<void> {
    switch (effect.kind) {
      case 'publish_state':
        await deps.states.save(agentId, effect.state);
        await syncPool(agentId, effect.state);
        return;
      case 'start_wrap_up_timer': {
        clearTimeout(wrapUpTimers.get(agentId));
        const timer = setTimeout(() => {
          wrapUpTimers.delete(agentId);
          void apply(agentId, { type: 'wrap_up_expired', at: deps.now(), callId: effect.callId }).catch((err: unknown) =>
            log.error({ err, agentId }, 'wrap-up expiry failed'),
          );
        }, effect.ms);
        wrapUpTimers.set(agentId, timer);
        return;
      }
      case 'cancel_wrap_up_timer':
        clearTimeout(wrapUpTimers.get(agentId));
        wrapUpTimers.delete(agentId);
        return;
      case 'release_call_to_queue':
        await deps.releaseCall(effect.callId);
        return;
    }
  }

  /** Runs an event through the agent's machine; the HTTP answers are made here, at the edge. */
  async function apply(agentId: string, event: AgentEvent): Promise<AgentState> {
    const outcome = await runner.send(agentId, event);
    if (!outcome) throw new AgentNotFoundError(agentId);
    const { before, step } = outcome;
    if (step.handled) return step.state.state;
    if (COMMANDS.has(event.type)) {
      throw new AgentStateConflictError(`Agent ${agentId} cannot ${event.type.replace('_', ' ')} while ${before.state.status}`);
    }
    return before.state;
  }

  const at = () => deps.now();
  return {
    login: (agentId, ready) => apply(agentId, { type: 'login', at: at(), ready }),
    logout: (agentId) => apply(agentId, { type: 'logout', at: at() }),
    setReady: (agentId) => apply(agentId, { type: 'set_ready', at: at() }),
    setNotReady: (agentId, reason, note = null) => apply(agentId, { type: 'set_not_ready', at: at(), reason, note }),
    async byExtension(extension) {
      return (await deps.directory.getByExtension(extension))?.agentId ?? null;
    },
    async onCallEvent(agentId, callId, event) {
      const map = { offered: 'offered', answered: 'answered', ring_no_answer: 'ring_no_answer', call_ended: 'call_ended', call_lost: 'call_lost' } as const;
      await apply(agentId, { type: map[event], at: at(), callId } as AgentEvent);
    },
    async onDeviceChange(extension, isReachable) {
      const agentId = await this.byExtension(extension);
      if (!agentId) return;
      await apply(agentId, { type: isReachable ? 'device_reachable' : 'device_unreachable', at: at() });
    },
    async state(agentId) {
      if (!(await deps.directory.get(agentId))) throw new AgentNotFoundError(agentId);
      return (await deps.states.get(agentId)) ?? { status: 'offline', since: at() };
    },
    all: () => deps.states.all(),
    forget: (agentId, skills) =>
      runner.ask(agentId, async () => {
        clearTimeout(wrapUpTimers.get(agentId));
        wrapUpTimers.delete(agentId);
        await deps.states.remove(agentId);
        const { droppedCallId } = await deps.pool.removeAgent(agentId, Object.keys(skills));
        if (droppedCallId) await deps.releaseCall(droppedCallId);
        log.info({ agentId, droppedCallId }, 'agent id forgotten: no live state left (account deleted, or created anew)');
      }),
    stop() {
      for (const t of wrapUpTimers.values()) clearTimeout(t);
      wrapUpTimers.clear();
    },
  };
}
