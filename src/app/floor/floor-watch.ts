// The floor watch: once a second, on the one instance that holds the lead, the live figures are
// read (every instance's waiting callers, the agents' states, the recent incidents), and what
// changed since the last look is published: a queue's waiting callers, alerts raised (or changed)
// and cleared. An instance that takes the lead publishes every queue and open alert once
// (consoles treat both as "the latest for this queue / alert key").
import type { WaitingCall } from '../../domain/acd/acd-types.js';
import type { AgentState } from '../../domain/agent/agent-types.js';
import { alertChanges, INCIDENT_ALERT_MS, openAlerts, type AlertLimits, type FloorAlert, type IncidentFact } from '../../domain/floor/floor-alerts.js';
import type { FloorEvent } from '../../domain/floor/floor-events.js';
import { waitingByQueue, type QueueWaiting } from '../../domain/floor/queue-figures.js';
import type { FloorLead } from '../../ports/floor/floor-events.js';
import type { Logger } from '../../ports/logger.js';

export interface FloorWatchDeps {
  lead: FloorLead;
  waiting: () => Promise<WaitingCall[]>;
  agentStates: () => Promise<Record<string, AgentState>>;
  /** Incidents found since the time given. */
  incidents: (since: Date) => Promise<IncidentFact[]>;
  queueIds: () => string[];
  publish: (event: FloorEvent) => Promise<unknown>;
  limits: AlertLimits;
  now: () => number;
  logger: Logger;
  tickMs?: number;
  /** Incidents are read every this many ticks. */
  incidentEveryTicks?: number;
}

export interface FloorWatch {
  /** One look (what the timer runs); exported for tests. Resolves false when another instance leads. */
  tick(): Promise<boolean>;
  start(): void;
  stop(): Promise<void>;
}

const sameQueue = (a: QueueWaiting, b: QueueWaiting) => a.waiting === b.waiting && a.callbacks === b.callbacks && a.oldestQueuedAt === b.oldestQueuedAt;

export function createFloorWatch(deps: FloorWatchDeps): FloorWatch {
  const log = deps.logger.child({ component: 'floor-watch' });
  let last: { queues: Map<string, QueueWaiting>; alerts: FloorAlert[] } | null = null;
  let incidents: IncidentFact[] = [];
  let ticks = 0;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  async function tick(): Promise<boolean> {
    if (!(await deps.lead.hold())) {
      last = null;
      return false;
    }
    const now = deps.now();
    if (last === null || ticks % (deps.incidentEveryTicks ?? 5) === 0) incidents = await deps.incidents(new Date(now - INCIDENT_ALERT_MS));
    ticks += 1;
    const [waiting, agents] = await Promise.all([deps.waiting(), deps.agentStates()]);
    const queues = waitingByQueue(deps.queueIds(), waiting, now);
    const alerts = openAlerts({ now, waiting, agents, incidents }, deps.limits);
    const events: FloorEvent[] = [];
    for (const q of queues) {
      const before = last?.queues.get(q.queueId);
      if (!before || !sameQueue(before, q)) {
        events.push({ type: 'queue', queueId: q.queueId, waiting: q.waiting, callbacks: q.callbacks, oldestQueuedAt: q.oldestQueuedAt });
      }
    }
    const { raised, cleared } = alertChanges(last?.alerts ?? [], alerts);
    for (const alert of raised) events.push({ type: 'alert', change: 'raised', alert });
    for (const alert of cleared) events.push({ type: 'alert', change: 'cleared', alert });
    for (const event of events) await deps.publish(event);
    last = { queues: new Map(queues.map((q) => [q.queueId, q])), alerts };
    return true;
  }

  return {
    tick,
    start() {
      timer = setInterval(() => {
        if (running) return; // a slow look is never overlapped
        running = tick()
          .catch((err: unknown) => log.warn({ err }, 'floor watch failed'))
          .finally(() => (running = null));
      }, deps.tickMs ?? 1_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
      await deps.lead.release().catch(() => undefined);
    },
  };
}
