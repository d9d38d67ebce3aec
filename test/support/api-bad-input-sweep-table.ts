// The bad-input sweep's line per route (test/support/api-bad-input-sweep.ts): how each route of
// the route table is reached when nothing is wrong, so each bad value goes into an otherwise
// good request. A route added to a router and not here fails the sweep until it gets its line.
import { randomUUID } from 'node:crypto';

/** The agents and extensions one sweep uses on the shared Asterisk: each database kind has its own. */
export interface SweepIds {
  /** The agent the sweep creates first, whose agent token it uses. */
  agent: string;
  /** The agent POST /api/agents creates. */
  newAgent: string;
  /** Of the agent, of the new agent, and the one PATCH gives the agent. */
  extensions: readonly [string, string, string];
}

export const SWEEP_QUEUE = 'sweep-queue';

/** How each route is reached when nothing is wrong: the params, query and bodies the bad values go into. */
export interface RouteBase {
  params?: Record<string, string>;
  query?: Record<string, string>;
  bodies?: unknown[];
}

/** One line per route of the route table; a new route fails the sweep until it has its line here. */
export function sweepTable(ids: SweepIds, call: string): Record<string, RouteBase> {
  const AGENT = ids.agent;
  const CALL = call;
  return {
    'GET /healthz': {},
    'GET /readyz': {},
    'GET /api/calls': { query: { from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00+08:00' } },
    'GET /api/calls/:id': { params: { id: CALL } },
    'GET /api/calls/:id/recording': { params: { id: CALL }, query: { reason: '市民投诉 核查通话内容' } },
    'POST /api/calls/:id/supervision': { params: { id: CALL }, bodies: [{ mode: 'listen', extension: ids.extensions[0] }] },
    'GET /api/calls/:id/supervision': { params: { id: CALL } },
    'POST /api/calls/:id/supervision/:sessionId/mode': { params: { id: CALL, sessionId: '0123456789ab' }, bodies: [{ mode: 'barge' }] },
    'DELETE /api/calls/:id/supervision/:sessionId': { params: { id: CALL, sessionId: '0123456789ab' } },
    'POST /api/agents': {
      bodies: [{ agentId: ids.newAgent, name: '扫描员', extension: ids.extensions[1], skills: { general: 3 }, languages: ['zh'], group: '一班' }],
    },
    'GET /api/agents': {},
    'GET /api/agents/:id': { params: { id: AGENT } },
    'PATCH /api/agents/:id': { params: { id: AGENT }, bodies: [{ name: '扫描员二', extension: ids.extensions[2], skills: { general: 2 }, languages: ['zh'], group: '二班' }] },
    'DELETE /api/agents/:id': { params: { id: 'sweep-absent' } },
    'POST /api/agents/:id/sip-password': { params: { id: 'sweep-absent' } },
    'POST /api/agents/:id/login': { params: { id: AGENT }, bodies: [{ ready: false }] },
    'POST /api/agents/:id/logout': { params: { id: AGENT } },
    'GET /api/agents/:id/state': { params: { id: AGENT } },
    'PUT /api/agents/:id/state': { params: { id: AGENT }, bodies: [{ status: 'not_ready', reason: 'break', note: '休息' }, { status: 'ready' }] },
    'POST /api/agents/:id/emergency': { params: { id: AGENT }, bodies: [{ number: '110' }] },
    'POST /api/agents/:id/hangup': { params: { id: AGENT } },
    'GET /api/agents/:id/audio': { params: { id: AGENT } },
    'GET /api/agents/:id/calls': { params: { id: AGENT }, query: { date: '2026-12-05' } },
    'POST /api/agents/:id/end-service': { params: { id: AGENT }, bodies: [{}] },
    'POST /api/agents/:id/hold': { params: { id: AGENT }, bodies: [{}] },
    'POST /api/agents/:id/unhold': { params: { id: AGENT }, bodies: [{}] },
    'GET /api/queues': {},
    'GET /api/queues/:id': { params: { id: SWEEP_QUEUE } },
    'PUT /api/queues/:id': {
      params: { id: SWEEP_QUEUE },
      bodies: [
        {
          name: '扫描队列',
          requiredSkills: [{ skill: 'general', minProficiency: 1 }],
          languages: ['zh'],
          priority: { base: 1, enterpriseLine: { boost: 5 }, listedNumbers: { numbers: ['13800138000'], boost: 10 }, repeatCaller: { withinHours: 24, boost: 3 } },
          relaxations: [{ afterSeconds: 60, widenSkills: ['housing'], dropLanguage: true }],
          musicClass: 'default',
        },
      ],
    },
    'DELETE /api/queues/:id': { params: { id: 'sweep-absent' } },
    'GET /api/stats/live': {},
    'GET /api/floor': {},
    'GET /api/floor/day': { query: { date: '2026-12-05', queueId: SWEEP_QUEUE } },
    'GET /api/floor/abandoned': { query: { date: '2026-12-05', limit: '50' } },
    // every request of the sweep has a bad query or a body, so none opens a stream that stays open
    'GET /api/events': {},
    'GET /api/stats/missed-call-callbacks': { query: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00+08:00' } },
    'GET /api/system/process': { query: { gc: '0' } },
    'GET /metrics': {},
    'GET /api/incidents': { query: { agentId: AGENT, from: '2026-01-01T00:00:00Z' } },
    'GET /api/incidents/:id': { params: { id: '1' } },
    'GET /api/audit': { query: { kind: 'agent_change', from: '2026-01-01T00:00:00Z' } },
    'GET /api/audit/verify': {},
    'GET /api/callbacks': { query: { status: 'waiting', queueId: SWEEP_QUEUE } },
    'GET /api/callbacks/:id': { params: { id: '0123456789ab' } },
    'POST /api/case-surveys': { bodies: [{ caseId: 'WO-SWEEP-0001', number: '13800138000' }] },
    'GET /api/case-surveys': { query: { caseId: 'WO-SWEEP-0001' } },
    'GET /api/case-surveys/:id': { params: { id: '1' } },
    'GET /api/webhook-deliveries': { query: { status: 'dead', departmentId: 'sweep-dept', orderNo: '2026-000001' } },
    'GET /api/webhook-deliveries/:id': { params: { id: randomUUID() } },
    'POST /api/webhook-deliveries/:id/retry': { params: { id: randomUUID() } },
    'POST /api/tokens': { bodies: [{ name: 'sweep-auditor', role: 'auditor' }, { name: 'sweep-agent-console', role: 'agent', agentId: AGENT }] },
    'GET /api/tokens': {},
    'DELETE /api/tokens/:id': { params: { id: randomUUID() } },
    'POST /api/session': { bodies: [{ username: 'sweep-nobody', password: 'not-the-password' }] },
    'GET /api/session': {},
    'DELETE /api/session': {},
    'POST /api/users': { bodies: [{ username: 'sweep.agent', name: '扫描员', role: 'agent', password: 'sweep-password-1', agentId: AGENT }] },
    'GET /api/users': {},
    'POST /api/users/:username/password': { params: { username: 'sweep.agent' }, bodies: [{ password: 'sweep-password-2' }] },
    'POST /api/users/:username/disable': { params: { username: 'sweep.absent' } },
    'GET /api/departments': { query: { view: 'tree', includeInactive: 'true' } },
    'GET /api/departments/:id': { params: { id: 'jz-zhujian' } },
    'POST /api/departments': {
      bodies: [{ id: 'sweep-dept', name: '扫描办', kind: 'bureau', parentId: 'jiangzhou', contacts: [{ name: '值班室', phone: '0799-86609999', role: '值班' }], dutyHours: '08:30-12:00,14:00-17:30', webhookUrl: 'https://sweep.example.org/hook' }],
    },
    'PUT /api/departments/:id': {
      params: { id: 'jz-wenlv' },
      bodies: [{ name: '江州市文化广电旅游局', kind: 'bureau', parentId: 'jiangzhou', contacts: [{ name: '值班室', phone: '0799-86609998' }], dutyHours: '7x24', webhookUrl: 'https://wenlv.example.org/hook', active: true }],
    },
    'DELETE /api/departments/:id': { params: { id: 'sweep-absent' } },
    'POST /api/departments/:id/webhook-secret': { params: { id: 'jz-wenlv' } },
    'GET /api/work-order-categories': { query: { q: '停水', includeInactive: 'false' } },
    'PUT /api/work-order-categories/:code': { params: { code: 'other.sweep' }, bodies: [{ name: '扫描类', timeClass: 'general', active: false }] },
    'GET /api/dispatch-catalogue': {},
    'GET /api/dispatch-catalogue/suggest': { query: { category: 'city_mgmt.sanitation.garbage', district: 'jiangbei' } },
    'POST /api/dispatch-catalogue': { bodies: [{ categoryCode: 'culture.venues', districtId: 'qingshan', departmentId: 'jz-wenlv', note: '扫描' }] },
    'DELETE /api/dispatch-catalogue/:id': { params: { id: '999999' } },
    'GET /api/knowledge': { query: { q: '社保卡补办', tag: '社保卡', limit: '5' } },
    'GET /api/knowledge/:id': { params: { id: 'social-security-card-lost' } },
    'POST /api/knowledge': { bodies: [{ id: 'sweep-article', title: '扫描条目', body: '扫描正文', tags: ['扫描'], categoryCode: 'other' }] },
    'PUT /api/knowledge/:id': { params: { id: 'sweep-absent' }, bodies: [{ version: 1, title: '扫描条目', body: '扫描正文', tags: ['扫描'], categoryCode: null, active: true }] },
    'DELETE /api/knowledge/:id': { params: { id: 'sweep-absent' } },
    'GET /api/calendar': { query: { year: '2026' } },
    'PUT /api/calendar/overrides/:day': { params: { day: '2099-12-30' }, bodies: [{ kind: 'holiday', name: '扫描假日' }] },
    'DELETE /api/calendar/overrides/:day': { params: { day: '2099-12-31' } },
    'PUT /api/calendar/years/:year': { params: { year: '2098' }, bodies: [{ days: [{ day: '2098-01-01', kind: 'holiday', name: '元旦' }] }] },
    'GET /api/work-orders': { query: { status: 'dispatched,signed', from: '2026-01-01', to: '2026-12-31T00:00:00+08:00', limit: '20' } },
    'GET /api/work-orders/counts': { query: { category: 'urban', overdue: 'true' } },
    'GET /api/work-orders/overdue': { query: { urgency: 'urgent', limit: '10' } },
    'GET /api/work-orders/export.csv': { query: { type: 'complaint', from: '2026-12-01' } },
    'POST /api/work-orders': {
      bodies: [
        {
          channel: 'phone', citizenNumber: '13800138000', citizenName: '扫描先生', confidential: false, type: 'complaint',
          categoryCode: 'city_mgmt.sanitation.garbage', districtId: 'jiangbei', location: '江北区扫描路', description: '垃圾未清运',
          urgency: 'normal', assistingDepartmentIds: [], then: { action: 'dispatch' },
        },
      ],
    },
    'GET /api/work-orders/:orderNo': { params: { orderNo: '2026-000001' } },
    'GET /api/work-orders/:orderNo/events': { params: { orderNo: '2026-000001' } },
    'POST /api/work-orders/:orderNo/actions': {
      params: { orderNo: '2026-000001' },
      bodies: [{ action: 'append', note: '市民补充' }, { action: 'request_extension', until: '2099-01-01T00:00:00+08:00', reason: '扫描' }, { action: 'merge', intoOrderNo: '2026-000002' }],
    },
    'GET /api/citizens/:number/work-orders': { params: { number: '13800138000' }, query: { limit: '5' } },
    'GET /api/citizens/:number/calls': { params: { number: '13800138000' }, query: { limit: '5' } },
  };
}
