// Department edits (承办单位管理): create, edit, deactivate, rotate the webhook secret. Every
// write is checked against the whole tree (validateDepartmentTree: the parent exists, the kind
// fits its parent, no cycle) and writes run one at a time in this process, so two edits cannot
// each pass the check against a tree the other is changing. A new department gets a webhook
// secret, shown in the creation's answer only (and again on rotation). Every stored change is
// appended to the audit log (config_change, never the secret); the change is done by then, so
// an audit failure is logged, not answered as a failed change.
import { validateDepartmentTree, type DepartmentNode } from '../../domain/department/department-tree.js';
import type { DepartmentFields, NewDepartment } from '../../domain/department/department-schemas.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { Department, DepartmentStore } from '../../ports/department/department-store.js';
import type { Logger } from '../../ports/logger.js';
import { createKeyedSerial } from '../shared/keyed-serial.js';
import { DirectoryConflictError, DirectoryNotFoundError, DirectoryRuleError } from './department-errors.js';
import { generateWebhookSecret } from './webhook-secret.js';

export interface DepartmentEditsDeps {
  departments: DepartmentStore;
  audit?: Pick<AuditLog, 'append'>;
  now: () => Date;
  logger?: Logger;
  /** Default: 32 random bytes as hex. */
  generateSecret?: () => string;
}

export interface WithSecret {
  department: Department;
  /** The webhook secret: in this answer only. */
  webhookSecret: string;
}

export interface DepartmentEdits {
  list(): Promise<Department[]>;
  get(id: string): Promise<Department | null>;
  /** Throws DirectoryConflictError (id taken) or DirectoryRuleError. */
  create(actor: string, department: NewDepartment): Promise<WithSecret>;
  /** Throws DirectoryNotFoundError, DirectoryRuleError, or DirectoryConflictError (deactivating one with active children). */
  update(actor: string, id: string, fields: DepartmentFields, active?: boolean): Promise<Department>;
  /** Throws DirectoryNotFoundError, or DirectoryConflictError while it has active children. Deactivating twice changes nothing. */
  deactivate(actor: string, id: string): Promise<Department>;
  /** A new webhook secret, replacing the old one at once. Throws DirectoryNotFoundError. */
  rotateSecret(actor: string, id: string): Promise<WithSecret>;
}

const nodeOf = (d: { id: string; kind: DepartmentNode['kind']; parentId: string | null }): DepartmentNode => ({ id: d.id, kind: d.kind, parentId: d.parentId });

/** The problems of the tree after the change that concern the changed department or its children. */
function treeProblems(all: readonly Department[], changed: DepartmentNode, parentMustBeActive: boolean): string[] {
  const next = [...all.filter((d) => d.id !== changed.id).map(nodeOf), changed];
  const problems = validateDepartmentTree(next).filter((p) => p.includes(`"${changed.id}"`));
  const parent = all.find((d) => d.id === changed.parentId);
  if (parentMustBeActive && parent && !parent.active) problems.push(`department "${changed.id}": parent "${parent.id}" is inactive`);
  return problems;
}

export function createDepartmentEdits(deps: DepartmentEditsDeps): DepartmentEdits {
  const { departments, now } = deps;
  const generateSecret = deps.generateSecret ?? generateWebhookSecret;
  const serial = createKeyedSerial();
  const TREE = 'department-tree';
  const log = deps.logger?.child({ component: 'department-edits' });

  async function audited(actor: string, id: string, data: Record<string, unknown>): Promise<void> {
    log?.info({ departmentId: id, change: data.action, by: actor }, 'department changed');
    try {
      await deps.audit?.append({ kind: 'config_change', at: now(), actor, subject: `department:${id}`, data });
    } catch (err) {
      log?.error({ err, departmentId: id, change: data.action }, 'department change done but not written to the audit log');
    }
  }

  const mustGet = async (id: string): Promise<Department> => {
    const found = await departments.get(id);
    if (!found) throw new DirectoryNotFoundError(`No department with id ${id}`);
    return found;
  };

  const assertNoActiveChildren = (all: readonly Department[], id: string) => {
    const children = all.filter((d) => d.parentId === id && d.active).map((d) => d.id);
    if (children.length > 0) throw new DirectoryConflictError(`department "${id}" still has active departments under it (${children.join(', ')}): deactivate or move them first`);
  };

  const view = (d: Department) => ({ id: d.id, name: d.name, kind: d.kind, parentId: d.parentId, contacts: d.contacts, dutyHours: d.dutyHours, webhookUrl: d.webhookUrl, active: d.active });

  return {
    list: () => departments.list(),
    get: (id) => departments.get(id),

    create: (actor, department) => serial.run(TREE, async () => {
      const all = await departments.list();
      if (all.some((d) => d.id === department.id)) throw new DirectoryConflictError(`A department with id ${department.id} already exists`);
      const problems = treeProblems(all, nodeOf(department), true);
      if (problems.length > 0) throw new DirectoryRuleError(problems);
      const secret = generateSecret();
      if (!(await departments.insert(department, secret, now()))) throw new DirectoryConflictError(`A department with id ${department.id} already exists`);
      const created = await mustGet(department.id);
      await audited(actor, created.id, { action: 'department_created', department: view(created) });
      return { department: created, webhookSecret: secret };
    }),

    update: (actor, id, fields, active) => serial.run(TREE, async () => {
      const all = await departments.list();
      const before = all.find((d) => d.id === id);
      if (!before) throw new DirectoryNotFoundError(`No department with id ${id}`);
      const nextActive = active ?? before.active;
      const problems = treeProblems(all, { id, kind: fields.kind, parentId: fields.parentId }, nextActive && fields.parentId !== before.parentId);
      if (problems.length > 0) throw new DirectoryRuleError(problems);
      if (!nextActive && before.active) assertNoActiveChildren(all, id);
      const after = await departments.update(id, fields, nextActive, now());
      if (!after) throw new DirectoryNotFoundError(`No department with id ${id}`);
      await audited(actor, id, { action: 'department_changed', before: view(before), after: view(after) });
      return after;
    }),

    deactivate: (actor, id) => serial.run(TREE, async () => {
      const all = await departments.list();
      const before = all.find((d) => d.id === id);
      if (!before) throw new DirectoryNotFoundError(`No department with id ${id}`);
      if (!before.active) return before;
      assertNoActiveChildren(all, id);
      const after = await departments.setActive(id, false, now());
      if (!after) throw new DirectoryNotFoundError(`No department with id ${id}`);
      await audited(actor, id, { action: 'department_deactivated' });
      return after;
    }),

    rotateSecret: (actor, id) => serial.run(TREE, async () => {
      const secret = generateSecret();
      if (!(await departments.setWebhookSecret(id, secret, now()))) throw new DirectoryNotFoundError(`No department with id ${id}`);
      await audited(actor, id, { action: 'webhook_secret_rotated' });
      return { department: await mustGet(id), webhookSecret: secret };
    }),
  };
}
