// The figures Prometheus scrapes (GET /metrics, src/adapters/metrics): built with the live state,
// whose stores count at their source without slowing it — the agent pool counts the agents its
// claims return, the call state store counts a call the first time it is saved talking to an
// agent (its time to agent: from the caller's answer to now) — each a number added in memory
// after the store's own work. The live figures (calls in progress, waiting per queue, agents per
// state) are read from Redis when scraped, never in between.
import type { Router } from 'express';
import type { Logger } from 'pino';
import { metricsRoutes } from '../adapters/http/metrics-routes.js';
import { createPrometheusMetrics, type HotlineMetrics, type LiveFigures, type QueueWaitingFigures } from '../adapters/metrics/prometheus-metrics.js';
import type { AgentPool } from '../ports/acd/agent-pool.js';
import type { WaitingList } from '../ports/acd/waiting-list.js';
import type { AgentStateStore } from '../ports/agent/agent-state-store.js';
import type { CallStateStore } from '../ports/call/call-state-store.js';

export interface MetricsSources {
  pool: AgentPool;
  calls: CallStateStore;
  waiting: Pick<WaitingList, 'list'>;
  agentStates: Pick<AgentStateStore, 'all'>;
  logger: Logger;
  now?: () => number;
  /** Default: prom-client's registry with the process's default metrics. */
  metrics?: HotlineMetrics;
}

export interface Metrics {
  /** The pool, counting its claims. */
  pool: AgentPool;
  /** The call state store, counting the calls put through to an agent. */
  calls: CallStateStore;
  router: Router;
}

/** Calls remembered as counted, at most (a call leaves the set when it ends; this bounds it anyway). */
const COUNTED_CALLS_KEPT = 100_000;

export function countingClaims(pool: AgentPool, metrics: Pick<HotlineMetrics, 'agentsClaimed'>): AgentPool {
  return {
    ...pool,
    async claimAgent(request) {
      const claim = await pool.claimAgent(request);
      if (claim) metrics.agentsClaimed(1);
      return claim;
    },
    async claimAgents(request) {
      const claims = await pool.claimAgents(request);
      metrics.agentsClaimed(claims.filter((c) => c !== null).length);
      return claims;
    },
  };
}

export function countingAnswers(store: CallStateStore, metrics: Pick<HotlineMetrics, 'callAnsweredByAgent'>, now: () => number): CallStateStore {
  const counted = new Set<string>();
  return {
    ...store,
    async save(state, ttlSeconds) {
      await store.save(state, ttlSeconds);
      if (state.phase === 'ended') counted.delete(state.callId);
      if (state.phase !== 'with_agent' || !state.agent?.answered || counted.has(state.callId)) return;
      counted.add(state.callId);
      if (counted.size > COUNTED_CALLS_KEPT) counted.delete(counted.values().next().value!);
      const answeredAt = state.answeredAt ? Date.parse(state.answeredAt) : Number.NaN;
      if (Number.isFinite(answeredAt)) metrics.callAnsweredByAgent(now() - answeredAt);
    },
    async delete(callId) {
      await store.delete(callId);
      counted.delete(callId);
    },
  };
}

async function readLiveFigures(sources: MetricsSources, now: number): Promise<LiveFigures> {
  const [callIds, waiting, states] = await Promise.all([sources.calls.listCallIds(), sources.waiting.list(), sources.agentStates.all()]);
  const queues = new Map<string, QueueWaitingFigures>();
  for (const w of waiting) {
    const q = queues.get(w.queueId) ?? { queueId: w.queueId, callers: 0, callbacks: 0, longestWaitSeconds: 0 };
    if (w.callbackId) q.callbacks++;
    else q.callers++;
    q.longestWaitSeconds = Math.max(q.longestWaitSeconds, Math.round((now - w.queuedAt) / 1000));
    queues.set(w.queueId, q);
  }
  const agents: Record<string, number> = {};
  for (const s of Object.values(states)) agents[s.status] = (agents[s.status] ?? 0) + 1;
  return { callsInProgress: callIds.length, queues: [...queues.values()], agents };
}

export function buildMetrics(sources: MetricsSources): Metrics {
  const metrics = sources.metrics ?? createPrometheusMetrics();
  const now = sources.now ?? Date.now;
  const log = sources.logger.child({ component: 'metrics' });
  // queues seen once stay in the figures (at 0), so a queue's series does not vanish when it empties
  const queuesSeen = new Set<string>();
  return {
    pool: countingClaims(sources.pool, metrics),
    calls: countingAnswers(sources.calls, metrics, now),
    router: metricsRoutes(async () => {
      let live: LiveFigures | null = null;
      try {
        live = await readLiveFigures(sources, now());
        for (const q of live.queues) queuesSeen.add(q.queueId);
        const present = new Set(live.queues.map((q) => q.queueId));
        for (const queueId of queuesSeen) {
          if (!present.has(queueId)) live.queues.push({ queueId, callers: 0, callbacks: 0, longestWaitSeconds: 0 });
        }
      } catch (err) {
        log.warn({ err }, 'live figures not read for /metrics');
      }
      return metrics.render(live);
    }),
  };
}
