// The hotline's figures in the Prometheus text format (prom-client), for GET /metrics. One
// registry per app instance (never prom-client's global one), holding:
//   - the process: prom-client's default metrics (CPU, memory, handles, GC, and the event-loop
//     lag `nodejs_eventloop_lag_seconds`, `nodejs_eventloop_lag_p99_seconds`…, process_/nodejs_);
//   - counters of this instance, incremented where the thing happens (a number added in memory):
//     hotline_agent_claims_total, hotline_calls_answered_by_agent_total,
//     hotline_calls_answered_within_15s_total and the histogram hotline_time_to_agent_seconds;
//   - gauges read when scraped: hotline_calls_in_progress (this instance's calls), and the shared
//     live state every instance sees alike — hotline_queue_waiting{queue,kind},
//     hotline_queue_longest_wait_seconds{queue}, hotline_agents{state} — so across instances sum
//     the counters and calls in progress, and take max() of the shared gauges;
//   - hotline_live_figures_up: 0 when the live figures could not be read for this scrape (Redis).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface QueueWaitingFigures {
  queueId: string;
  /** Callers on the line. */
  callers: number;
  /** Entries kept for a callback (回拨) at their place. */
  callbacks: number;
  longestWaitSeconds: number;
}

/** The live figures read at each scrape. */
export interface LiveFigures {
  callsInProgress: number;
  queues: QueueWaitingFigures[];
  /** Agents per state (ready, not_ready, ringing, on_call, wrap_up, offline…). */
  agents: Record<string, number>;
}

export interface HotlineMetrics {
  /** `count` agents were claimed for waiting callers (or callbacks). */
  agentsClaimed(count: number): void;
  /** A caller was put through to an agent `timeToAgentMs` after the caller's answer. */
  callAnsweredByAgent(timeToAgentMs: number): void;
  /** The text Prometheus scrapes, with the live figures of now (null: they could not be read). */
  render(live: LiveFigures | null): Promise<{ contentType: string; text: string }>;
}

/** GB/T 33358-2016: calls answered within 15 s. */
const ANSWER_TARGET_SECONDS = 15;
const TIME_TO_AGENT_BUCKETS = [1, 2, 3, 4, 5, 8, 10, 15, 20, 30, 60, 120];
/** Agent states always reported, 0 included, so their series never vanish. */
const AGENT_STATES = ['offline', 'ready', 'not_ready', 'ringing', 'on_call', 'wrap_up'];

export function createPrometheusMetrics(options: { defaultMetrics?: boolean } = {}): HotlineMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

  const claims = new Counter({ name: 'hotline_agent_claims_total', help: 'Agents claimed for waiting callers and callbacks by this instance.', registers });
  const answered = new Counter({ name: 'hotline_calls_answered_by_agent_total', help: 'Callers put through to an agent by this instance.', registers });
  const within = new Counter({
    name: 'hotline_calls_answered_within_15s_total',
    help: 'Callers put through to an agent within 15 s of the caller\'s answer (GB/T 33358-2016), by this instance.',
    registers,
  });
  const timeToAgent = new Histogram({
    name: 'hotline_time_to_agent_seconds',
    help: 'From the caller\'s answer to the caller put through to an agent (the greeting included), by this instance.',
    buckets: TIME_TO_AGENT_BUCKETS,
    registers,
  });
  const inProgress = new Gauge({ name: 'hotline_calls_in_progress', help: 'Calls this instance holds now (greeting, waiting, with an agent, rating…).', registers });
  const waiting = new Gauge({
    name: 'hotline_queue_waiting',
    help: 'Entries waiting per skill queue, shared by every instance: kind="caller" on the line, kind="callback" kept for a callback.',
    labelNames: ['queue', 'kind'] as const,
    registers,
  });
  const longest = new Gauge({ name: 'hotline_queue_longest_wait_seconds', help: 'The longest wait in the skill queue now, shared by every instance.', labelNames: ['queue'] as const, registers });
  const agents = new Gauge({ name: 'hotline_agents', help: 'Agents per state, shared by every instance.', labelNames: ['state'] as const, registers });
  const liveUp = new Gauge({ name: 'hotline_live_figures_up', help: '1 when this scrape read the live figures (Redis), else 0 and they are left out.', registers });

  return {
    agentsClaimed(count) {
      if (count > 0) claims.inc(count);
    },

    callAnsweredByAgent(timeToAgentMs) {
      const seconds = Math.max(0, timeToAgentMs) / 1000;
      answered.inc();
      if (seconds <= ANSWER_TARGET_SECONDS) within.inc();
      timeToAgent.observe(seconds);
    },

    async render(live) {
      // set afresh each time: a queue or state gone since the last scrape leaves no stale series
      inProgress.reset();
      waiting.reset();
      longest.reset();
      agents.reset();
      liveUp.set(live ? 1 : 0);
      if (live) {
        inProgress.set(live.callsInProgress);
        for (const q of live.queues) {
          waiting.set({ queue: q.queueId, kind: 'caller' }, q.callers);
          waiting.set({ queue: q.queueId, kind: 'callback' }, q.callbacks);
          longest.set({ queue: q.queueId }, q.longestWaitSeconds);
        }
        for (const state of AGENT_STATES) agents.set({ state }, 0);
        for (const [state, count] of Object.entries(live.agents)) agents.set({ state }, count);
      }
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}
