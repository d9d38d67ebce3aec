// The ACD loop: walks this instance's waiting callers in order (priority, then time in queue)
// and claims an agent for each from the shared pool. The claim is atomic in Redis, so several
// app instances can share one agent pool without giving one agent two calls.
// Runs when a caller joins, when an agent becomes ready, and every second (relaxation rules
// widen what a caller accepts as the wait grows).
import type { Requirement, WaitingCall } from '../../domain/acd/acd-types.js';
import type { QueueConfig } from '../../domain/acd/queue-config.js';
import { requirementChain } from '../../domain/acd/requirements.js';
import { orderWaiting } from '../../domain/acd/waiting-order.js';
import type { AgentDirectory } from '../../ports/agent/agent-directory.js';
import type { AgentPool, CallRequirement } from '../../ports/acd/agent-pool.js';
import type { Logger } from '../../ports/logger.js';
import type { WaitingList } from '../../ports/acd/waiting-list.js';

export interface AcdMatcherDeps {
  waiting: WaitingList;
  pool: AgentPool;
  directory: AgentDirectory;
  queues: () => ReadonlyMap<string, QueueConfig>;
  /** Hands the claimed agent to the call's flow (or, for a callback entry, to the callback delivery). */
  assign: (callId: string, agentId: string, extension: string, viaQueueId: string, call: WaitingCall) => Promise<void>;
  now: () => number;
  logger: Logger;
  tickMs?: number;
}

export interface AcdMatcher {
  /** Asks for a matching round soon (coalesced). */
  kick(): void;
  start(): void;
  stop(): void;
  /** One round; resolves to the number of calls given an agent. */
  runOnce(): Promise<number>;
}

export function toPoolRequirement(requirement: Requirement): CallRequirement {
  return {
    skills: requirement.skills.map((s) => ({
      skill: s.skill,
      minProficiency: s.minProficiency,
      ...(requirement.alternativeSkills.length ? { alternatives: requirement.alternativeSkills } : {}),
    })),
    ...(requirement.languages?.[0] ? { language: requirement.languages[0] } : {}),
  };
}

export function createAcdMatcher(deps: AcdMatcherDeps): AcdMatcher {
  const log = deps.logger.child({ component: 'acd' });
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | null = null;

  async function runOnce(): Promise<number> {
    const queues = deps.queues();
    let assigned = 0;
    for (const call of orderWaiting(await deps.waiting.list())) {
      const now = deps.now();
      const waitedSeconds = Math.max(0, (now - call.queuedAt) / 1000);
      for (const requirement of requirementChain(call.queueId, waitedSeconds, queues)) {
        const claim = await deps.pool.claimAgent({ callId: call.callId, requirement: toPoolRequirement(requirement), now });
        if (!claim) continue;
        const agent = await deps.directory.get(claim.agentId);
        if (!agent) {
          log.warn({ agentId: claim.agentId }, 'claimed agent has no record; releasing');
          await deps.pool.releaseAgent(claim.agentId, call.callId, { backToReady: false, now, state: 'offline' });
          continue;
        }
        await deps.waiting.remove(call.callId);
        log.info({ callId: call.callId, agentId: agent.agentId, viaQueue: requirement.queueId, waitedSeconds: Math.round(waitedSeconds) }, 'agent claimed');
        await deps.assign(call.callId, agent.agentId, agent.extension, requirement.queueId, call);
        assigned += 1;
        break;
      }
    }
    return assigned;
  }

  async function loop(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await runOnce();
      } while (again);
    } catch (err) {
      log.error({ err }, 'ACD round failed');
    } finally {
      running = false;
    }
  }

  return {
    kick: () => void loop(),
    start() {
      if (timer) return;
      timer = setInterval(() => void loop(), deps.tickMs ?? 1000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    runOnce,
  };
}
