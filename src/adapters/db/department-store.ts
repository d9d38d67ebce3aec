// The DepartmentStore port on SQL (PostgreSQL or PGlite), table `departments` (migration 010).
// The webhook secret is written here and read only by webhookSecret(): no record carries it.
import type { DepartmentKind } from '../../domain/department/department-tree.js';
import { parentsFirst } from '../../domain/department/department-tree.js';
import type { DepartmentContact, DepartmentFields, NewDepartment } from '../../domain/department/department-schemas.js';
import type { Department, DepartmentStore } from '../../ports/department/department-store.js';
import type { Database, Queryable } from './database.js';

interface DepartmentRow {
  id: string;
  name: string;
  kind: DepartmentKind;
  parent_id: string | null;
  contacts: DepartmentContact[] | string;
  duty_hours: string | null;
  webhook_url: string | null;
  secret_set: boolean;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, name, kind, parent_id, contacts, duty_hours, webhook_url, (webhook_secret IS NOT NULL) AS secret_set, active, created_at, updated_at`;
const INSERT = `
  INSERT INTO departments (id, name, kind, parent_id, contacts, duty_hours, webhook_url, webhook_secret, active, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, true, $9, $9)
  ON CONFLICT (id) DO NOTHING RETURNING id`;
const UPDATE = `
  UPDATE departments SET name = $2, kind = $3, parent_id = $4, contacts = $5::jsonb, duty_hours = $6, webhook_url = $7, active = $8, updated_at = $9
  WHERE id = $1 RETURNING ${COLUMNS}`;

const insertParams = (d: NewDepartment, secret: string, at: Date) =>
  [d.id, d.name, d.kind, d.parentId, JSON.stringify(d.contacts), d.dutyHours, d.webhookUrl, secret, at];

async function insertOne(q: Queryable, d: NewDepartment, secret: string, at: Date): Promise<boolean> {
  return (await q.query(INSERT, insertParams(d, secret, at))).length === 1;
}

export function createDepartmentStore(db: Database): DepartmentStore {
  return {
    async list() {
      return (await db.query<DepartmentRow>(`SELECT ${COLUMNS} FROM departments ORDER BY id`)).map(toDepartment);
    },

    async get(id) {
      const [row] = await db.query<DepartmentRow>(`SELECT ${COLUMNS} FROM departments WHERE id = $1`, [id]);
      return row ? toDepartment(row) : null;
    },

    insert: (department, secret, at) => insertOne(db, department, secret, at),

    insertMissing(departments, at) {
      const ordered = parentsFirst(departments.map((d) => ({ ...d, id: d.department.id, kind: d.department.kind, parentId: d.department.parentId })));
      return db.transaction(async (tx) => {
        const inserted: string[] = [];
        for (const { department, webhookSecret } of ordered) {
          if (await insertOne(tx, department, webhookSecret, at)) inserted.push(department.id);
        }
        return inserted;
      });
    },

    async update(id: string, f: DepartmentFields, active: boolean, at: Date) {
      const [row] = await db.query<DepartmentRow>(UPDATE, [id, f.name, f.kind, f.parentId, JSON.stringify(f.contacts), f.dutyHours, f.webhookUrl, active, at]);
      return row ? toDepartment(row) : null;
    },

    async setActive(id, active, at) {
      const [row] = await db.query<DepartmentRow>(`UPDATE departments SET active = $2, updated_at = $3 WHERE id = $1 RETURNING ${COLUMNS}`, [id, active, at]);
      return row ? toDepartment(row) : null;
    },

    async setWebhookSecret(id, secret, at) {
      return (await db.query('UPDATE departments SET webhook_secret = $2, updated_at = $3 WHERE id = $1 RETURNING id', [id, secret, at])).length === 1;
    },

    async webhookSecret(id) {
      const [row] = await db.query<{ webhook_secret: string | null }>('SELECT webhook_secret FROM departments WHERE id = $1', [id]);
      return row?.webhook_secret ?? null;
    },
  };
}

function toDepartment(row: DepartmentRow): Department {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    parentId: row.parent_id,
    contacts: typeof row.contacts === 'string' ? (JSON.parse(row.contacts) as DepartmentContact[]) : row.contacts,
    dutyHours: row.duty_hours,
    webhookUrl: row.webhook_url,
    webhookSecretSet: row.secret_set,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
