// The CategoryStore port on SQL (PostgreSQL or PGlite), table `work_order_categories`
// (migration 010). Parent and level are derived from the code on every write.
import type { TimeClass } from '../../domain/department/category-code.js';
import { categoryLevel, parentCode } from '../../domain/department/category-code.js';
import type { CategoryFields, CategorySeed } from '../../domain/department/department-schemas.js';
import { CategoryParentMissingError, type Category, type CategoryStore } from '../../ports/department/category-store.js';
import type { Database, Queryable } from './database.js';

interface CategoryRow {
  code: string;
  name: string;
  parent_code: string | null;
  level: number;
  time_class: TimeClass | null;
  active: boolean;
}

const COLUMNS = 'code, name, parent_code, level, time_class, active';
const INSERT = `
  INSERT INTO work_order_categories (code, name, parent_code, level, time_class, active) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (code) DO NOTHING RETURNING code`;
const UPSERT = `
  INSERT INTO work_order_categories (code, name, parent_code, level, time_class, active) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, time_class = EXCLUDED.time_class, active = EXCLUDED.active
  RETURNING ${COLUMNS}, (xmax = 0) AS created`;
const FOREIGN_KEY_VIOLATION = '23503';

const params = (code: string, f: CategoryFields) => [code, f.name, parentCode(code), categoryLevel(code), f.timeClass, f.active];

async function insertOne(q: Queryable, c: CategorySeed): Promise<boolean> {
  return (await q.query(INSERT, params(c.code, c))).length === 1;
}

export function createCategoryStore(db: Database): CategoryStore {
  return {
    async list() {
      return (await db.query<CategoryRow>(`SELECT ${COLUMNS} FROM work_order_categories ORDER BY code`)).map(toCategory);
    },

    async getMany(codes) {
      if (codes.length === 0) return [];
      return (await db.query<CategoryRow>(`SELECT ${COLUMNS} FROM work_order_categories WHERE code = ANY($1::text[]) ORDER BY code`, [[...codes]])).map(toCategory);
    },

    insertMissing(categories) {
      const ordered = [...categories].sort((a, b) => categoryLevel(a.code) - categoryLevel(b.code));
      return db.transaction(async (tx) => {
        const inserted: string[] = [];
        for (const c of ordered) if (await insertOne(tx, c)) inserted.push(c.code);
        return inserted;
      });
    },

    async upsert(code, fields) {
      try {
        const [row] = await db.query<CategoryRow & { created: boolean }>(UPSERT, params(code, fields));
        return { category: toCategory(row!), created: row!.created };
      } catch (err) {
        const parent = parentCode(code);
        if ((err as { code?: unknown }).code === FOREIGN_KEY_VIOLATION && parent) throw new CategoryParentMissingError(code, parent);
        throw err;
      }
    },
  };
}

function toCategory(row: CategoryRow): Category {
  return {
    code: row.code,
    name: row.name,
    parentCode: row.parent_code,
    level: row.level as 1 | 2 | 3,
    timeClass: row.time_class,
    active: row.active,
  };
}
