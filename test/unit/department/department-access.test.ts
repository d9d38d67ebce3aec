// Who may use the department, category and catalogue routes: agents (filing an order),
// supervisors and admins read; only admins edit; a department token neither.
import { describe, expect, it } from 'vitest';
import { decideAccess } from '../../../src/domain/access/api-access-policy.js';
import type { ApiRole, Principal } from '../../../src/domain/access/api-roles.js';

const as = (role: ApiRole): Principal => ({ tokenId: 't', name: role, role, agentId: role === 'agent' ? 'zhang-wei' : null, departmentId: role === 'department' ? 'jz-shuiwu' : null });
const allowed = (role: ApiRole, method: string, path: string) => decideAccess(as(role), method, path).allowed;

const READS: Array<[string, string]> = [
  ['GET', '/api/departments'],
  ['GET', '/api/departments/jz-shuiwu'],
  ['GET', '/api/work-order-categories'],
  ['GET', '/api/dispatch-catalogue'],
  ['GET', '/api/dispatch-catalogue/suggest'],
];
const EDITS: Array<[string, string]> = [
  ['POST', '/api/departments'],
  ['PUT', '/api/departments/jz-shuiwu'],
  ['DELETE', '/api/departments/jz-shuiwu'],
  ['POST', '/api/departments/jz-shuiwu/webhook-secret'],
  ['PUT', '/api/work-order-categories/urban.road'],
  ['POST', '/api/dispatch-catalogue'],
  ['DELETE', '/api/dispatch-catalogue/7'],
];

describe('the access policy of departments, categories and the catalogue', () => {
  it.each(READS)('%s %s is open to agents, supervisors and admins, not to auditors or departments', (method, path) => {
    expect((['agent', 'supervisor', 'admin', 'auditor', 'department'] as const).map((r) => allowed(r, method, path))).toEqual([true, true, true, false, false]);
  });

  it.each(EDITS)('%s %s is for admins only', (method, path) => {
    expect((['agent', 'supervisor', 'admin', 'auditor', 'department'] as const).map((r) => allowed(r, method, path))).toEqual([false, false, true, false, false]);
  });
});
