// The access policy as a table: who may do what on the HTTP API, default deny.
import { describe, expect, it } from 'vitest';
import { API_ACCESS_POLICY, decideAccess, isPublicRoute, type AccessRule } from '../../../src/domain/access/api-access-policy.js';
import { API_ROLES, type ApiRole, type Principal } from '../../../src/domain/access/api-roles.js';

const token = (role: ApiRole, agentId: string | null = null): Principal => ({
  tokenId: `t-${role}`,
  name: `${role}-token`,
  role,
  agentId,
  departmentId: role === 'department' ? 'sample-bureau' : null,
});
const zhang = token('agent', 'zhang-wei');
const supervisor = token('supervisor');
const auditor = token('auditor');
const admin = token('admin');

type Who = 'zhang' | ApiRole;
const principals: Record<Who, Principal> = { zhang, agent: token('agent', 'li-na'), supervisor, auditor, admin, department: token('department') };

/** method, path, the principals allowed (every other one is denied). `agent` is li-na's token. */
const table: Array<[string, string, Who[]]> = [
  ['GET', '/api/calls', ['supervisor', 'auditor', 'admin']],
  ['GET', '/api/calls/1763800000.42', ['supervisor', 'auditor', 'admin']],
  ['GET', '/api/calls/1763800000.42/recording', ['auditor']],
  ['POST', '/api/agents', ['admin']],
  ['GET', '/api/agents', ['supervisor', 'admin']],
  ['GET', '/api/agents/zhang-wei', ['supervisor', 'admin']],
  ['PATCH', '/api/agents/zhang-wei', ['admin']],
  ['DELETE', '/api/agents/zhang-wei', ['admin']],
  ['POST', '/api/agents/zhang-wei/sip-password', ['admin']],
  ['POST', '/api/agents/zhang-wei/login', ['zhang', 'supervisor', 'admin']],
  ['POST', '/api/agents/zhang-wei/logout', ['zhang', 'supervisor', 'admin']],
  ['GET', '/api/agents/zhang-wei/state', ['zhang', 'supervisor', 'admin']],
  ['PUT', '/api/agents/zhang-wei/state', ['zhang', 'supervisor', 'admin']],
  ['POST', '/api/agents/zhang-wei/emergency', ['zhang', 'supervisor', 'admin']],
  ['POST', '/api/agents/zhang-wei/hangup', ['zhang', 'supervisor', 'admin']],
  ['POST', '/api/agents/zhang-wei/end-service', ['zhang', 'supervisor']],
  ['POST', '/api/agents/zhang-wei/hold', ['zhang', 'supervisor']],
  ['POST', '/api/agents/zhang-wei/unhold', ['zhang', 'supervisor']],
  ['GET', '/api/agents/zhang-wei/audio', ['zhang', 'supervisor', 'admin']],
  ['GET', '/api/queues', ['supervisor', 'admin']],
  ['GET', '/api/queues/general', ['supervisor', 'admin']],
  ['PUT', '/api/queues/general', ['admin']],
  ['DELETE', '/api/queues/general', ['admin']],
  ['GET', '/api/stats/live', ['supervisor', 'admin']],
  ['GET', '/api/incidents', ['supervisor', 'auditor']],
  ['GET', '/api/incidents/17', ['supervisor', 'auditor']],
  ['GET', '/api/callbacks', ['supervisor', 'admin']],
  ['GET', '/api/callbacks/42', ['supervisor', 'admin']],
  ['GET', '/api/audit', ['auditor']],
  ['GET', '/api/audit/verify', ['auditor']],
  ['POST', '/api/case-surveys', ['supervisor', 'admin']],
  ['GET', '/api/case-surveys', ['supervisor', 'auditor', 'admin']],
  ['GET', '/api/case-surveys/case-2026-001', ['supervisor', 'auditor', 'admin']],
  ['POST', '/api/tokens', ['admin']],
  ['GET', '/api/tokens', ['admin']],
  ['GET', '/api/session', ['zhang', 'agent', 'supervisor', 'auditor', 'admin', 'department']],
  ['DELETE', '/api/session', ['zhang', 'agent', 'supervisor', 'auditor', 'admin', 'department']],
  ['POST', '/api/users', ['admin']],
  ['GET', '/api/users', ['admin']],
  ['POST', '/api/users/zhang.wei/password', ['admin']],
  ['POST', '/api/users/zhang.wei/disable', ['admin']],
  ['DELETE', '/api/tokens/9b2f6a36-3c55-4a8e-9f2c-1b6f1d2a0c11', ['admin']],
  // no line: closed to everyone
  ['GET', '/api/nothing', []],
  ['POST', '/api/calls', []],
  ['DELETE', '/api/calls/1763800000.42', []],
  ['OPTIONS', '/api/calls', []],
  ['GET', '/', []],
  ['GET', '/api/agents/zhang-wei/login', []],
];

describe('decideAccess', () => {
  describe.each(table)('%s %s', (method, path, allowed) => {
    it.each(Object.keys(principals) as Who[])('for %s', (who) => {
      const decision = decideAccess(principals[who], method, path);
      expect(decision.allowed, JSON.stringify(decision)).toBe(allowed.includes(who));
    });
  });

  it('checks HEAD as GET, and the path as express routes it (case, trailing slash)', () => {
    expect(decideAccess(auditor, 'HEAD', '/api/calls').allowed).toBe(true);
    expect(decideAccess(auditor, 'HEAD', '/api/queues').allowed).toBe(false);
    expect(decideAccess(auditor, 'get', '/API/Calls/').allowed).toBe(true);
    expect(decideAccess(zhang, 'POST', '/api/agents/zhang%2Dwei/login').allowed).toBe(true);
    expect(decideAccess(zhang, 'POST', '/API/AGENTS/li-na/LOGIN').allowed).toBe(false);
    // agent ids are lower case: the token's own id in upper case is another id
    expect(decideAccess(zhang, 'POST', '/api/agents/ZHANG-WEI/login').allowed).toBe(false);
  });

  it('never lets an agent token without an agentId act as any agent', () => {
    const broken = token('agent', null);
    expect(decideAccess(broken, 'POST', '/api/agents/null/login').allowed).toBe(false);
    expect(decideAccess(broken, 'POST', '/api/agents/undefined/login').allowed).toBe(false);
  });

  it.each([
    [supervisor, 'POST', '/api/tokens', 'POST /api/tokens needs role admin; this token has role supervisor'],
    [admin, 'GET', '/api/calls/a.1/recording', 'GET /api/calls/a.1/recording needs role auditor; this token has role admin'],
    [auditor, 'GET', '/api/queues', 'GET /api/queues needs role supervisor or admin; this token has role auditor'],
    [zhang, 'GET', '/api/calls', 'GET /api/calls needs role supervisor, auditor or admin; this token has role agent (agent zhang-wei)'],
    [zhang, 'POST', '/api/agents/li-na/login',
      'POST /api/agents/li-na/login needs role supervisor or admin, or the token of agent li-na; this token has role agent (agent zhang-wei)'],
    [admin, 'POST', '/api/agents/li-na/end-service',
      'POST /api/agents/li-na/end-service needs role supervisor, or the token of agent li-na; this token has role admin'],
    [admin, 'GET', '/api/nothing', 'GET /api/nothing is not open to any token (no access rule)'],
  ])('says what is needed: %#', (principal, method, path, message) => {
    expect(decideAccess(principal, method, path)).toEqual({ allowed: false, message });
  });

  it('denies when any of several matching lines denies (the strictest wins)', () => {
    const policy: AccessRule[] = [
      { method: 'GET', path: '/api/audit/:id', roles: ['auditor', 'admin'] },
      { method: 'GET', path: '/api/audit/verify', roles: ['auditor'] },
    ];
    expect(decideAccess(admin, 'GET', '/api/audit/42', policy).allowed).toBe(true);
    expect(decideAccess(admin, 'GET', '/api/audit/verify', policy).allowed).toBe(false);
    expect(decideAccess(auditor, 'GET', '/api/audit/verify', policy).allowed).toBe(true);
  });
});

describe('isPublicRoute', () => {
  it.each([
    ['GET', '/healthz', true],
    ['HEAD', '/readyz', true],
    ['GET', '/readyz/', true],
    ['POST', '/healthz', false],
    ['GET', '/api/calls', false],
    ['GET', '/', false],
    ['POST', '/api/session', true],
    ['GET', '/api/session', false],
    ['DELETE', '/api/session', false],
  ])('%s %s → %s', (method, path, expected) => {
    expect(isPublicRoute(method, path)).toBe(expected);
  });
});

/** The agent's work-order desk: taking and working orders (which belong to no agent), and reading what filing one needs or answering the citizen needs (the knowledge base). */
const onAgentDesk = (method: string, path: string): boolean =>
  /^\/api\/(work-orders|citizens)(\/|$)/.test(path) || (method === 'GET' && /^\/api\/(departments|work-order-categories|dispatch-catalogue|knowledge)(\/|$)/.test(path));
/** A console session reads and ends only itself: open to every role, agents included. */
const ownSession = (path: string): boolean => path === '/api/session';
/** The floor's live events: an agent's stream carries only their own state and calls (src/domain/floor/floor-events.ts). */
const ownEvents = (path: string): boolean => path === '/api/events';

describe('the table itself', () => {
  it('has one line per method and route, names only known roles, and gives agent tokens only their own agent', () => {
    const keys = API_ACCESS_POLICY.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const rule of API_ACCESS_POLICY) {
      for (const role of rule.roles) expect(API_ROLES).toContain(role);
      // an agent token may only ever act on its own agent: never listed as a plain role — except
      // on the agent's work-order desk, since an order (工单) belongs to no agent, and on routes
      // that answer only about the caller itself (its session, its own live events)
      if (!onAgentDesk(rule.method, rule.path) && !ownSession(rule.path) && !ownEvents(rule.path)) expect(rule.roles, `${rule.method} ${rule.path}`).not.toContain('agent');
      if (rule.ownAgent) expect(rule.path).toMatch(/^\/api\/agents\/:id\//);
      if (rule.public) expect(rule.roles).toEqual([]);
      else expect(rule.roles.length + (rule.ownAgent ? 1 : 0), `${rule.method} ${rule.path}`).toBeGreaterThan(0);
    }
    expect(API_ACCESS_POLICY.filter((r) => r.public).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /healthz', 'GET /readyz', 'POST /api/session']);
  });
});
