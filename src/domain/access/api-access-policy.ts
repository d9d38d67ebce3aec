// The one access policy of the HTTP API, default deny: a request is allowed only when a line of
// this table names its method and route and the token's role. A route missing here is closed to
// every token (403), so a new route cannot be forgotten open; test/integration/api-route-coverage
// fails when a router registers a route that has no line here.
//
// Agent tokens act for one agent only: on lines with `ownAgent`, an agent token may use the
// route when the route's `:id` is the token's own agentId, and never for another agent.
import type { ApiRole, Principal } from './api-roles.js';
import { matchRoute } from './route-pattern.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface AccessRule {
  method: HttpMethod;
  /** express route pattern, exactly as the router registers it. */
  path: string;
  /** Roles that may use the route for any resource. */
  roles: readonly ApiRole[];
  /** An agent token may use the route for its own agent (`:id` = the token's agentId). */
  ownAgent?: true;
  /** No token needed (health checks, and the console login that gives a session). */
  public?: true;
}

const SUPERVISION = ['supervisor', 'admin'] as const;
const READ_CALLS = ['supervisor', 'auditor', 'admin'] as const;
/** Who files work orders or watches those who do: what an order needs (departments, categories, the catalogue). */
const FILING = ['agent', 'supervisor', 'admin'] as const;
const LEDGER = ['supervisor', 'admin', 'auditor', 'department'] as const;

export const API_ACCESS_POLICY: readonly AccessRule[] = [
  { method: 'GET', path: '/healthz', roles: [], public: true },
  { method: 'GET', path: '/readyz', roles: [], public: true },

  // call records and their timelines; recordings are for auditors only (each access is audited)
  { method: 'GET', path: '/api/calls', roles: READ_CALLS },
  { method: 'GET', path: '/api/calls/:id', roles: READ_CALLS },
  { method: 'GET', path: '/api/calls/:id/recording', roles: ['auditor'] },
  // supervisors' listen / whisper / barge on a live call (each session audited)
  { method: 'POST', path: '/api/calls/:id/supervision', roles: SUPERVISION },
  { method: 'GET', path: '/api/calls/:id/supervision', roles: SUPERVISION },
  { method: 'POST', path: '/api/calls/:id/supervision/:sessionId/mode', roles: SUPERVISION },
  { method: 'DELETE', path: '/api/calls/:id/supervision/:sessionId', roles: SUPERVISION },

  // agent accounts
  { method: 'POST', path: '/api/agents', roles: ['admin'] },
  { method: 'GET', path: '/api/agents', roles: SUPERVISION },
  { method: 'GET', path: '/api/agents/:id', roles: SUPERVISION },
  { method: 'PATCH', path: '/api/agents/:id', roles: ['admin'] },
  { method: 'DELETE', path: '/api/agents/:id', roles: ['admin'] },
  { method: 'POST', path: '/api/agents/:id/sip-password', roles: ['admin'] },

  // an agent's working state and the call in hand: the agent itself, or a supervisor for it
  { method: 'POST', path: '/api/agents/:id/login', roles: SUPERVISION, ownAgent: true },
  { method: 'POST', path: '/api/agents/:id/logout', roles: SUPERVISION, ownAgent: true },
  { method: 'GET', path: '/api/agents/:id/state', roles: SUPERVISION, ownAgent: true },
  { method: 'PUT', path: '/api/agents/:id/state', roles: SUPERVISION, ownAgent: true },
  { method: 'POST', path: '/api/agents/:id/emergency', roles: SUPERVISION, ownAgent: true },
  { method: 'POST', path: '/api/agents/:id/hangup', roles: SUPERVISION, ownAgent: true },
  { method: 'GET', path: '/api/agents/:id/audio', roles: SUPERVISION, ownAgent: true },
  // the agent's calls of a day with their ratings (今日通话): the agent itself, or a supervisor
  { method: 'GET', path: '/api/agents/:id/calls', roles: SUPERVISION, ownAgent: true },
  // what the caller hears: the agent or a supervisor, never an admin
  { method: 'POST', path: '/api/agents/:id/end-service', roles: ['supervisor'], ownAgent: true },
  { method: 'POST', path: '/api/agents/:id/hold', roles: ['supervisor'], ownAgent: true },
  { method: 'POST', path: '/api/agents/:id/unhold', roles: ['supervisor'], ownAgent: true },

  // skill queues and live figures
  { method: 'GET', path: '/api/queues', roles: SUPERVISION },
  { method: 'GET', path: '/api/queues/:id', roles: SUPERVISION },
  { method: 'PUT', path: '/api/queues/:id', roles: ['admin'] },
  { method: 'DELETE', path: '/api/queues/:id', roles: ['admin'] },
  { method: 'GET', path: '/api/stats/live', roles: SUPERVISION },
  // the floor (现场) for the supervisor console and the wallboard; the live events: the floor for
  // supervisors and admins, an agent's own state and calls for an agent (src/domain/floor)
  { method: 'GET', path: '/api/floor', roles: SUPERVISION },
  { method: 'GET', path: '/api/floor/day', roles: SUPERVISION },
  { method: 'GET', path: '/api/floor/abandoned', roles: SUPERVISION },
  { method: 'GET', path: '/api/events', roles: ['agent', 'supervisor', 'admin'] },
  // missed calls called back (漏接回拨): entries, reached, not reached, cancelled as the citizen called again
  { method: 'GET', path: '/api/stats/missed-call-callbacks', roles: SUPERVISION },
  // the app process itself (memory, listeners, timers): operations
  { method: 'GET', path: '/api/system/process', roles: ['admin', 'supervisor'] },
  // the figures for Prometheus (text format), scraped with a supervisor's or admin's API token
  { method: 'GET', path: '/metrics', roles: ['admin', 'supervisor'] },

  // incidents and the audit log
  { method: 'GET', path: '/api/incidents', roles: ['auditor', 'supervisor'] },
  { method: 'GET', path: '/api/incidents/:id', roles: ['auditor', 'supervisor'] },
  { method: 'GET', path: '/api/audit', roles: ['auditor'] },
  { method: 'GET', path: '/api/audit/verify', roles: ['auditor'] },

  // callbacks (回拨) left by callers in a skill queue, numbers included: supervision only
  { method: 'GET', path: '/api/callbacks', roles: SUPERVISION },
  { method: 'GET', path: '/api/callbacks/:id', roles: SUPERVISION },

  // per-case callback surveys (一事一评)
  { method: 'POST', path: '/api/case-surveys', roles: SUPERVISION },
  { method: 'GET', path: '/api/case-surveys', roles: READ_CALLS },
  { method: 'GET', path: '/api/case-surveys/:id', roles: READ_CALLS },

  // department webhooks: the delivery log and the dead-letter list (payloads hold no personal data)
  { method: 'GET', path: '/api/webhook-deliveries', roles: SUPERVISION },
  { method: 'GET', path: '/api/webhook-deliveries/:id', roles: SUPERVISION },
  { method: 'POST', path: '/api/webhook-deliveries/:id/retry', roles: ['admin'] },

  // the ledger (台账) of work orders; a department token sees only its own orders
  { method: 'GET', path: '/api/work-orders', roles: LEDGER },
  { method: 'GET', path: '/api/work-orders/counts', roles: LEDGER },
  { method: 'GET', path: '/api/work-orders/overdue', roles: LEDGER },
  { method: 'GET', path: '/api/work-orders/export.csv', roles: LEDGER },
  // work orders (工单): agents take them during calls; read and act within the token's scope
  // (a department token: its own orders only); a citizen number's earlier orders (repeat caller)
  { method: 'POST', path: '/api/work-orders', roles: ['agent', 'supervisor', 'admin'] },
  { method: 'GET', path: '/api/work-orders/:orderNo', roles: ['agent', 'supervisor', 'admin', 'auditor', 'department'] },
  { method: 'GET', path: '/api/work-orders/:orderNo/events', roles: ['agent', 'supervisor', 'admin', 'auditor', 'department'] },
  { method: 'POST', path: '/api/work-orders/:orderNo/actions', roles: ['agent', 'supervisor', 'admin', 'department'] },
  { method: 'GET', path: '/api/citizens/:number/work-orders', roles: ['agent', 'supervisor', 'admin'] },
  // a citizen number's earlier calls (repeat caller, 重复来电)
  { method: 'GET', path: '/api/citizens/:number/calls', roles: ['agent', 'supervisor', 'admin'] },

  // the working-day calendar (holidays and 调休 workdays) deadlines count on: admins enter overrides
  { method: 'GET', path: '/api/calendar', roles: READ_CALLS },
  { method: 'PUT', path: '/api/calendar/overrides/:day', roles: ['admin'] },
  { method: 'DELETE', path: '/api/calendar/overrides/:day', roles: ['admin'] },
  { method: 'PUT', path: '/api/calendar/years/:year', roles: ['admin'] },

  // departments (承办单位), the category taxonomy and the dispatch catalogue (派单目录): agents read
  // them while filing an order; admins edit them
  { method: 'GET', path: '/api/departments', roles: FILING },
  { method: 'GET', path: '/api/departments/:id', roles: FILING },
  { method: 'POST', path: '/api/departments', roles: ['admin'] },
  { method: 'PUT', path: '/api/departments/:id', roles: ['admin'] },
  { method: 'DELETE', path: '/api/departments/:id', roles: ['admin'] },
  { method: 'POST', path: '/api/departments/:id/webhook-secret', roles: ['admin'] },
  { method: 'GET', path: '/api/work-order-categories', roles: FILING },
  { method: 'PUT', path: '/api/work-order-categories/:code', roles: ['admin'] },
  { method: 'GET', path: '/api/dispatch-catalogue', roles: FILING },
  { method: 'GET', path: '/api/dispatch-catalogue/suggest', roles: FILING },
  { method: 'POST', path: '/api/dispatch-catalogue', roles: ['admin'] },
  { method: 'DELETE', path: '/api/dispatch-catalogue/:id', roles: ['admin'] },

  // the knowledge base (知识库): searched and read from the desktop; admins edit it
  { method: 'GET', path: '/api/knowledge', roles: FILING },
  { method: 'GET', path: '/api/knowledge/:id', roles: FILING },
  { method: 'POST', path: '/api/knowledge', roles: ['admin'] },
  { method: 'PUT', path: '/api/knowledge/:id', roles: ['admin'] },
  { method: 'DELETE', path: '/api/knowledge/:id', roles: ['admin'] },

  // console sessions (people in the browser): anyone may try to log in; a session reads and ends itself
  { method: 'POST', path: '/api/session', roles: [], public: true },
  { method: 'GET', path: '/api/session', roles: ['agent', 'supervisor', 'auditor', 'admin', 'department'] },
  { method: 'DELETE', path: '/api/session', roles: ['agent', 'supervisor', 'auditor', 'admin', 'department'] },
  // console users (who logs in as whom): admins create them, set passwords, disable them
  { method: 'POST', path: '/api/users', roles: ['admin'] },
  { method: 'GET', path: '/api/users', roles: ['admin'] },
  { method: 'POST', path: '/api/users/:username/password', roles: ['admin'] },
  { method: 'POST', path: '/api/users/:username/disable', roles: ['admin'] },

  // API tokens
  { method: 'POST', path: '/api/tokens', roles: ['admin'] },
  { method: 'GET', path: '/api/tokens', roles: ['admin'] },
  { method: 'DELETE', path: '/api/tokens/:id', roles: ['admin'] },
];

export interface MatchedRule {
  rule: AccessRule;
  params: Record<string, string>;
}

export type AccessDecision = { allowed: true } | { allowed: false; message: string };

/** HEAD is answered by GET routes in express, so it is checked as GET. */
const asRouted = (method: string): string => {
  const m = method.toUpperCase();
  return m === 'HEAD' ? 'GET' : m;
};

/** Every line of `policy` that matches the request (usually one). */
export function matchingRules(method: string, path: string, policy: readonly AccessRule[] = API_ACCESS_POLICY): MatchedRule[] {
  const m = asRouted(method);
  const found: MatchedRule[] = [];
  for (const rule of policy) {
    if (rule.method !== m) continue;
    const params = matchRoute(rule.path, path);
    if (params) found.push({ rule, params });
  }
  return found;
}

/** True when the request needs no token (health checks). */
export function isPublicRoute(method: string, path: string, policy: readonly AccessRule[] = API_ACCESS_POLICY): boolean {
  const rules = matchingRules(method, path, policy);
  return rules.length > 0 && rules.every((r) => r.rule.public === true);
}

const joinOr = (words: readonly string[]): string =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;

function decideOne(principal: Principal, { rule, params }: MatchedRule, what: string): AccessDecision {
  if (rule.public || rule.roles.includes(principal.role)) return { allowed: true };
  if (rule.ownAgent && principal.role === 'agent' && principal.agentId !== null && params.id === principal.agentId) {
    return { allowed: true };
  }
  const roles = rule.roles.length > 0 ? `role ${joinOr(rule.roles)}` : '';
  const own = rule.ownAgent ? `the token of agent ${params.id ?? '(the one in the path)'}` : '';
  const needs = [roles, own].filter(Boolean).join(', or ');
  const has = principal.role === 'agent' && principal.agentId ? `role agent (agent ${principal.agentId})` : `role ${principal.role}`;
  return { allowed: false, message: `${what} needs ${needs}; this token has ${has}` };
}

/**
 * May this principal make this request? Every matching line must allow it (the strictest
 * wins), and a request no line matches is denied.
 */
export function decideAccess(
  principal: Principal,
  method: string,
  path: string,
  policy: readonly AccessRule[] = API_ACCESS_POLICY,
): AccessDecision {
  const what = `${method.toUpperCase()} ${path}`;
  const rules = matchingRules(method, path, policy);
  if (rules.length === 0) return { allowed: false, message: `${what} is not open to any token (no access rule)` };
  for (const matched of rules) {
    const decision = decideOne(principal, matched, what);
    if (!decision.allowed) return decision;
  }
  return { allowed: true };
}
