// The ACD loop over the waiting list that every app instance shares. One instance at a time has
// the turn (a lease in Redis): it walks every instance's waiting callers in one order (priority,
// then time in queue: servingPlan) and claims an agent for each from the shared pool. For its own
// caller, and for a callback, it takes the entry and hands the agent on; for a caller held by
// another live instance it leaves the agent on that caller's entry, and the owner takes it on its
// next round (it alone can ring the agent for its call). The claim is atomic in the pool and each
// entry is taken once (a Lua script, checked against the turn or the offer), so one agent is never
// given two calls. Callers of an instance that is not alive keep their place but are skipped, and
// an agent left on their entry goes back to the pool.
// Runs when a caller joins, when an agent becomes ready, and every tick (relaxation rules widen
// what a caller accepts as the wait grows).
import type { Requirement, WaitingCall } from '../../domain/acd/acd-types.js';
import type { QueueConfig } from '../../domain/acd/queue-config.js';
import { requirementChain } from '../../domain/acd/requirements.js';
import { offersToTake, servingPlan, type ServingStep, type SharedWaitingEntry } from '../../domain/acd/waiting-order.js';
import type { AgentDirectory } from '../../ports/agent/agent-directory.js';
import type { AgentPool, BatchClaimResult, CallRequirement } from '../../ports/acd/agent-pool.js';
import type { Logger } from '../../ports/logger.js';
import type { SharedWaitingList, TakeResult } from '../../ports/acd/waiting-list.js';

export interface AcdMatcherDeps {
  waiting: SharedWaitingList;
  pool: AgentPool;
  directory: AgentDirectory;
  queues: () => ReadonlyMap<string, QueueConfig>;
  /** Hands the claimed agent to the call's flow (or, for a callback entry, to the callback delivery). */
  assign: (callId: string, agentId: string, extension: string, viaQueueId: string, call: WaitingCall) => Promise<void>;
  /** Whether this instance's call now holds the agent (its flow took the assignment). */
  holds: (callId: string, agentId: string) => Promise<boolean>;
  now: () => number;
  logger: Logger;
  tickMs?: number;
}

export interface AcdMatcher {
  /** Asks for a matching round soon (coalesced). */
  kick(): void;
  start(): void;
  stop(): void;
  /** One round; resolves to the number of calls given an agent here. */
  runOnce(): Promise<number>;
}

/** Callers claimed for in one round trip to the pool. */
export const CLAIM_BATCH = 32;

type ClaimStep = Exclude<ServingStep, { kind: 'withdraw' }>;

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
  const { waiting, pool } = deps;
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | null = null;

  const backToPool = (agentId: string, callId: string) => pool.releaseAgent(agentId, callId, { backToReady: true, now: deps.now() });

  /** The claimed agent's record, or null (released as offline: the account is gone). */
  async function recordOf(agentId: string, callId: string) {
    const agent = await deps.directory.get(agentId);
    if (agent) return agent;
    log.warn({ agentId }, 'claimed agent has no record; releasing');
    await pool.releaseAgent(agentId, callId, { backToReady: false, now: deps.now(), state: 'offline' });
    return null;
  }

  /** Rings the agent for the caller whose entry this instance has just taken. */
  async function handOver(call: WaitingCall, agentId: string, extension: string, viaQueueId: string): Promise<boolean> {
    log.info({ callId: call.callId, agentId, viaQueue: viaQueueId, waitedSeconds: Math.round((deps.now() - call.queuedAt) / 1000) }, 'agent claimed');
    await deps.assign(call.callId, agentId, extension, viaQueueId, call);
    // a callback's delivery releases the agent itself when it cannot go on
    if (!call.callbackId && !(await deps.holds(call.callId, agentId))) {
      log.warn({ callId: call.callId, agentId }, 'the call did not take the agent (it left the queue meanwhile): agent back to the pool');
      await backToPool(agentId, call.callId);
      return false;
    }
    return true;
  }

  /** An entry could not be taken (or given an agent) after a claim: releases the agent only if nobody can use it. */
  async function afterRefusal(result: TakeResult, agentId: string, callId: string): Promise<void> {
    // 'changed': still waiting (e.g. now a callback): a later claim for it gets this agent back.
    // 'taken': another instance took the entry and uses the agent. 'not_turn': the next turn claims it again.
    if (result === 'gone') await backToPool(agentId, callId);
  }

  /** This instance's callers on which the instance whose turn it was left an agent. */
  async function takeOffers(entries: SharedWaitingEntry[]): Promise<number> {
    let assigned = 0;
    for (const { call, offer } of offersToTake(entries, waiting.instance)) {
      if (!offer) continue;
      // an agent who went not ready since lost the reservation: the next turn claims anew
      if ((await pool.reservationOf(call.callId))?.agentId !== offer.agentId) continue;
      const agent = await recordOf(offer.agentId, call.callId);
      if (!agent) continue;
      if ((await waiting.take(call.callId, { kind: 'offer', agentId: offer.agentId })) !== 'done') continue;
      if (await handOver(call, offer.agentId, agent.extension, offer.viaQueueId)) assigned += 1;
    }
    return assigned;
  }

  /** The next agent for the caller by its requirements from `from` on, one claim each (first found wins). */
  async function claimFrom(callId: string, chain: Requirement[], from: number, now: number): Promise<BatchClaimResult> {
    for (let index = from; index < chain.length; index++) {
      const claim = await pool.claimAgent({ callId, requirement: toPoolRequirement(chain[index] as Requirement), now });
      if (claim) return { agentId: claim.agentId, requirementIndex: index };
    }
    return null;
  }

  /**
   * What the turn does with a caller's claim: take or leave the agent, or give it back. A caller
   * taken here is handed over in the background (`handOvers`): ringing the agent waits for the
   * call's earlier events and for Asterisk, and neither the turn nor the next round waits for it.
   */
  async function settle(step: ClaimStep, chain: Requirement[], first: BatchClaimResult, now: number, handOvers: Array<Promise<boolean>>): Promise<'handing_over' | 'not_turn' | 'none'> {
    const { call, owner, offer } = step.entry;
    let claim = first;
    while (claim) {
      const requirement = chain[claim.requirementIndex] as Requirement;
      const agent = step.kind === 'other' ? null : await recordOf(claim.agentId, call.callId);
      if (step.kind !== 'other' && !agent) {
        // that agent has no record (released): the caller's next requirements, as one by one
        claim = await claimFrom(call.callId, chain, claim.requirementIndex + 1, now);
        continue;
      }
      const result =
        step.kind === 'other'
          ? await waiting.offer(call.callId, { agentId: claim.agentId, viaQueueId: offer?.agentId === claim.agentId ? offer.viaQueueId : requirement.queueId })
          : await waiting.take(call.callId, { kind: step.kind });
      if (result === 'not_turn') return 'not_turn';
      if (result !== 'done') await afterRefusal(result, claim.agentId, call.callId);
      else if (step.kind === 'other') log.info({ callId: call.callId, owner, agentId: claim.agentId }, 'agent left for the instance holding the caller');
      else if (agent) {
        handOvers.push(handOver(call, claim.agentId, agent.extension, requirement.queueId));
        return 'handing_over';
      }
      return 'none';
    }
    return 'none';
  }

  /**
   * The turn: every instance's callers in one order, claimed for CLAIM_BATCH callers per round
   * trip. The callers of a batch are settled together (their records read and their entries taken
   * at once, not one round trip after another); the hand-overs go into `handOvers`.
   */
  async function serve(handOvers: Array<Promise<boolean>>): Promise<void> {
    const queues = deps.queues();
    const entries = await waiting.entries();
    // agents left on entries the call flow removed since: listed after the entries, so a caller
    // back in this list already had its old offer released before it is claimed for again
    for (const orphan of await waiting.orphanedOffers()) await backToPool(orphan.agentId, orphan.callId);
    const plan = servingPlan(entries, waiting.instance);
    for (let at = 0; at < plan.length; ) {
      const step = plan[at] as ServingStep;
      if (step.kind === 'withdraw') {
        at += 1;
        const { call, owner, offer } = step.entry;
        if (offer && (await waiting.withdraw(call.callId, owner, offer.agentId))) {
          log.warn({ callId: call.callId, owner, agentId: offer.agentId }, 'instance not alive: the agent left on its caller goes back to the pool');
          await backToPool(offer.agentId, call.callId);
        }
        continue;
      }
      // the callers up to the next withdrawal (whose agent may go to a caller after it)
      const chunk: ClaimStep[] = [];
      for (let next = plan[at]; next && next.kind !== 'withdraw' && chunk.length < CLAIM_BATCH; next = plan[++at]) chunk.push(next);
      const now = deps.now();
      const chains = chunk.map(({ entry: { call } }) => requirementChain(call.queueId, Math.max(0, (now - call.queuedAt) / 1000), queues));
      const claims = await pool.claimAgents({
        callers: chunk.map(({ entry: { call } }, i) => ({ callId: call.callId, requirements: (chains[i] as Requirement[]).map(toPoolRequirement) })),
        now,
      });
      // every caller of the batch settled, even past a 'not_turn' (an entry taken is handed over)
      const outcomes = await allOf(chunk.map((claimStep, i) => settle(claimStep, chains[i] as Requirement[], claims[i] ?? null, now, handOvers)));
      if (outcomes.includes('not_turn')) return;
    }
  }

  /** Every result once all have ended; the first failure rethrown then. */
  async function allOf<T>(work: Array<Promise<T>>): Promise<T[]> {
    const results = await Promise.allSettled(work);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return results.map((r) => (r as PromiseFulfilledResult<T>).value);
  }

  /** One round; `handedOver`: how many were rung, once every hand-over has ended. */
  async function round(): Promise<{ handedOver: Promise<number> }> {
    await waiting.beat();
    const handOvers: Array<Promise<boolean>> = [];
    const offered = await takeOffers(await waiting.entries());
    const handedOver = () => allOf(handOvers).then((rung) => offered + rung.filter(Boolean).length);
    if (await waiting.takeTurn()) {
      try {
        await serve(handOvers);
      } catch (err) {
        // the agents already being rung still ring; their failures are logged, not lost
        handedOver().catch((e: unknown) => log.error({ err: e }, 'ACD hand-over failed'));
        throw err;
      } finally {
        await waiting.endTurn();
      }
    }
    return { handedOver: handedOver() };
  }

  async function runOnce(): Promise<number> {
    return (await round()).handedOver;
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
        // the next round does not wait for this round's agents to ring
        const { handedOver } = await round();
        handedOver.catch((err: unknown) => log.error({ err }, 'ACD hand-over failed'));
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
      void loop();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    runOnce,
  };
}
