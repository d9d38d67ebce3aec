// Departments (承办单位) over HTTP: parses the request, calls the department edits
// (src/app/department/department-edits.ts: the tree check, one write at a time, the audit entry).
//   GET    /api/departments                      { departments } (?view=tree nests children; ?includeInactive=true)
//   GET    /api/departments/:id                  the department (never its webhook secret)
//   POST   /api/departments                      {id, name, kind, parentId?, contacts?, dutyHours?, webhookUrl?}
//                                                201 the department + webhookSecret (this answer only)
//   PUT    /api/departments/:id                  the same fields (+ active?); 200 the department
//   DELETE /api/departments/:id                  deactivates it; 200 the department (409 while active ones hang under it)
//   POST   /api/departments/:id/webhook-secret   a new secret, the old one stops at once; 200 {departmentId, webhookSecret}
import { Router, type Response } from 'express';
import { z } from 'zod';
import { DirectoryConflictError, DirectoryNotFoundError, DirectoryRuleError } from '../../app/department/department-errors.js';
import type { DepartmentEdits, WithSecret } from '../../app/department/department-edits.js';
import { departmentFieldsSchema, departmentIdSchema, newDepartmentSchema } from '../../domain/department/department-schemas.js';
import { CatalogueEntryConflictError } from '../../ports/department/dispatch-catalogue-store.js';
import type { Department } from '../../ports/department/department-store.js';
import { badRequest, HttpError, notFound } from './http-errors.js';
import { pathParam } from './input-schemas.js';
import { requestActor } from './request-actor.js';
import { parseInput } from './validate.js';

/** The answer to an error of the department, category and catalogue use cases. */
export function answeredDirectoryError(err: unknown): unknown {
  if (err instanceof DirectoryRuleError) return badRequest(err.message, err.problems);
  if (err instanceof DirectoryNotFoundError) return notFound(err.message);
  if (err instanceof DirectoryConflictError || err instanceof CatalogueEntryConflictError) return new HttpError(409, 'conflict', err.message);
  return err;
}

export const booleanQuery = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');

const listQuery = z.object({
  view: z.enum(['flat', 'tree'], { message: 'must be flat or tree' }).default('flat'),
  includeInactive: booleanQuery.default(false),
});

const updateBody = departmentFieldsSchema.extend({
  /** May repeat the path's id; nothing else. */
  id: departmentIdSchema.optional(),
  /** false deactivates, true reactivates; absent keeps it. */
  active: z.boolean().optional(),
});

type DepartmentNode = Department & { children: DepartmentNode[] };

function forest(departments: readonly Department[]): DepartmentNode[] {
  const nodes = new Map(departments.map((d) => [d.id, { ...d, children: [] as DepartmentNode[] }] as const));
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

const departmentId = (value: unknown): string => pathParam(departmentIdSchema, value, 'department id');

function withSecret(res: Response, status: number, answer: WithSecret, body: unknown): void {
  res.set('Cache-Control', 'no-store');
  res.status(status).json(body ?? { ...answer.department, webhookSecret: answer.webhookSecret });
}

export function departmentsRoutes(edits: DepartmentEdits): Router {
  const router = Router();
  const run = <T>(work: Promise<T>): Promise<T> => work.catch((err: unknown) => { throw answeredDirectoryError(err); });

  router.get('/api/departments', async (req, res) => {
    const query = parseInput(listQuery, req.query, 'query');
    const all = await edits.list();
    const shown = query.includeInactive ? all : all.filter((d) => d.active);
    res.json({ departments: query.view === 'tree' ? forest(shown) : shown });
  });

  router.get('/api/departments/:id', async (req, res) => {
    const id = departmentId(req.params.id);
    const department = await edits.get(id);
    if (!department) throw notFound(`No department with id ${id}`);
    res.json(department);
  });

  router.post('/api/departments', async (req, res) => {
    const body = parseInput(newDepartmentSchema, req.body ?? {}, 'department');
    const created = await run(edits.create(requestActor(res), body));
    res.location(`/api/departments/${created.department.id}`);
    withSecret(res, 201, created, null);
  });

  router.put('/api/departments/:id', async (req, res) => {
    const id = departmentId(req.params.id);
    const { id: given, active, ...fields } = parseInput(updateBody, req.body ?? {}, 'department');
    if (given !== undefined && given !== id) throw badRequest(`Invalid department: id: "${given}" does not match the path ("${id}")`, [`id: does not match the path ("${id}")`]);
    res.json(await run(edits.update(requestActor(res), id, fields, active)));
  });

  router.delete('/api/departments/:id', async (req, res) => {
    const id = departmentId(req.params.id);
    res.json(await run(edits.deactivate(requestActor(res), id)));
  });

  router.post('/api/departments/:id/webhook-secret', async (req, res) => {
    const id = departmentId(req.params.id);
    const rotated = await run(edits.rotateSecret(requestActor(res), id));
    withSecret(res, 200, rotated, { departmentId: id, webhookSecret: rotated.webhookSecret });
  });

  return router;
}
