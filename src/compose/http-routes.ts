// Every router of the HTTP API, in one list (the access policy in src/domain/access names each route).
import type { Router } from 'express';
import { agentCallRoutes } from '../adapters/http/agent-call-routes.js';
import { agentSessionsRoutes } from '../adapters/http/agent-sessions-routes.js';
import { agentsRoutes } from '../adapters/http/agents-routes.js';
import { auditRoutes } from '../adapters/http/audit-routes.js';
import { calendarRoutes } from '../adapters/http/calendar-routes.js';
import { callbacksRoutes } from '../adapters/http/callbacks-routes.js';
import { callsRoutes } from '../adapters/http/calls-routes.js';
import { callHistoryRoutes } from '../adapters/http/call-history-routes.js';
import { createCallHistoryStore } from '../adapters/db/call-history-store.js';
import { createCallHistory } from '../app/call/call-history.js';
import { caseSurveysRoutes } from '../adapters/http/case-surveys-routes.js';
import { healthRoutes, type ReadinessCheck, type ReadinessWarning } from '../adapters/http/health-routes.js';
import { categoriesRoutes } from '../adapters/http/categories-routes.js';
import { departmentsRoutes } from '../adapters/http/departments-routes.js';
import { dispatchCatalogueRoutes } from '../adapters/http/dispatch-catalogue-routes.js';
import { incidentsRoutes } from '../adapters/http/incidents-routes.js';
import { missedCallCallbacksRoutes, type MissedCallFiguresSource } from '../adapters/http/missed-call-callbacks-routes.js';
import { queuesRoutes } from '../adapters/http/queues-routes.js';
import { recordingRoutes } from '../adapters/http/recording-routes.js';
import { processRoutes, type ProcessFigures } from '../adapters/http/process-routes.js';
import { statsRoutes } from '../adapters/http/stats-routes.js';
import { supervisionRoutes } from '../adapters/http/supervision-routes.js';
import { tokensRoutes } from '../adapters/http/tokens-routes.js';
import { webhookDeliveriesRoutes } from '../adapters/http/webhook-deliveries-routes.js';
import { workOrdersRoutes } from '../adapters/http/work-orders-routes.js';
import { createQueueEdits } from '../app/acd/queue-edits.js';
import { createRecordingAccess } from '../app/audit/recording-access.js';
import type { AgentAccounts } from '../app/agent/agent-accounts.js';
import type { AgentCallActions } from '../app/agent/agent-call-actions.js';
import type { AgentSessions } from '../app/agent/agent-sessions.js';
import type { CalendarEdits } from '../app/calendar/calendar-edits.js';
import type { CallSupervision } from '../app/supervision/call-supervision.js';
import type { CaseSurveys } from '../app/survey/case-surveys.js';
import type { DepartmentWebhooks } from '../app/webhook/department-webhooks.js';
import type { createLiveStats } from '../app/acd/queue-stats.js';
import type { CallbackStore } from '../ports/callback/callback-store.js';
import type { Logger } from 'pino';
import type { Consoles } from './consoles.js';
import type { Departments } from './departments.js';
import type { Records } from './records.js';
import { workOrderLedgerRouter } from './work-order-ledger.js';
import type { WorkOrdersPart } from './work-orders.js';

export interface HttpRouteParts {
  health: ReadinessCheck[];
  /** Departments, categories and the dispatch catalogue (src/compose/departments.ts). */
  departments: Pick<Departments, 'departmentEdits' | 'categoryEdits' | 'catalogueEdits'>;
  /** The working-day calendar: its edits (routes) and its readiness warning (src/compose/calendar.ts). */
  calendar: { edits: CalendarEdits; readinessWarning: ReadinessWarning };
  records: Records;
  /** The browser consoles: sessions (login, logout) and console users (src/compose/consoles.ts). */
  consoles: Pick<Consoles, 'routers'>;
  caseSurveys: CaseSurveys;
  /** Department webhooks: the delivery log and its dead-letter list (src/compose/webhooks.ts). */
  webhooks: DepartmentWebhooks;
  /** Work orders: take, read (scoped), act, a citizen's earlier orders (src/compose/work-orders.ts). */
  workOrders: Pick<WorkOrdersPart, 'workOrders' | 'actions'>;
  callbackStore: CallbackStore;
  /** The figures of missed calls called back (漏接回拨, src/compose/callbacks.ts). */
  missedCallFigures: MissedCallFiguresSource;
  agentAccounts: AgentAccounts;
  agentSessions: AgentSessions;
  agentCallActions: AgentCallActions;
  /** Supervisors' listen, whisper and barge on live calls (src/compose/supervision.ts). */
  supervision: CallSupervision;
  liveStats: ReturnType<typeof createLiveStats>;
  /** The floor for the consoles: figures and live events (src/compose/floor.ts). */
  floor: Router;
  /** The knowledge base (知识库, src/compose/knowledge.ts). */
  knowledge: Router;
  sipServer: string;
  /** HOTLINE_NUMBER: agent extensions never start with it. */
  hotlineNumber: string;
  processFigures: (collectFirst: boolean) => ProcessFigures;
  /** GET /metrics for Prometheus (src/compose/metrics.ts). */
  metrics: Router;
  now: () => Date;
  logger: Logger;
}

export function httpRoutes(p: HttpRouteParts): Router[] {
  const { records: r, now, logger } = p;
  return [
    healthRoutes(p.health, [p.calendar.readinessWarning]),
    callsRoutes(r.records),
    // the desktop's earlier calls: an agent's day, a caller number's calls
    callHistoryRoutes(createCallHistory({ store: createCallHistoryStore(r.db), now })),
    supervisionRoutes(p.supervision),
    caseSurveysRoutes(p.caseSurveys),
    callbacksRoutes(p.callbackStore),
    recordingRoutes(createRecordingAccess({ records: r.records, recordings: r.recordings, files: r.recordingFolder, audit: r.audit, now, logger })),
    auditRoutes(r.audit),
    incidentsRoutes(r.incidents),
    agentsRoutes(p.agentAccounts, { sipServer: p.sipServer, hotlineNumber: p.hotlineNumber }),
    agentSessionsRoutes(p.agentSessions, (agentId) => p.agentCallActions.callerCanHear(agentId)),
    agentCallRoutes(p.agentCallActions),
    queuesRoutes(createQueueEdits({ queues: r.queueDirectory, audit: r.audit, now, logger, changed: () => r.queueCatalog.refresh() })),
    tokensRoutes(r.apiTokens),
    departmentsRoutes(p.departments.departmentEdits),
    categoriesRoutes(p.departments.categoryEdits),
    dispatchCatalogueRoutes(p.departments.catalogueEdits),
    p.knowledge,
    statsRoutes(p.liveStats),
    p.floor,
    missedCallCallbacksRoutes(p.missedCallFigures, now),
    processRoutes(p.processFigures),
    p.metrics,
    calendarRoutes(p.calendar.edits),
    // the ledger's fixed paths (/api/work-orders/counts, …) before the router of /api/work-orders/:orderNo
    workOrderLedgerRouter(r.db, now),
    workOrdersRoutes(p.workOrders.workOrders, p.workOrders.actions),
    webhookDeliveriesRoutes(p.webhooks),
    ...p.consoles.routers,
  ];
}
