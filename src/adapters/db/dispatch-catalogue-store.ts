// The DispatchCatalogueStore port on SQL (PostgreSQL or PGlite), table `dispatch_catalogue`
// (migration 010): one entry per category and district (NULLS NOT DISTINCT: one "any district").
import type { NewCatalogueEntry } from '../../domain/department/department-schemas.js';
import { CatalogueEntryConflictError, type CatalogueEntry, type DispatchCatalogueStore } from '../../ports/department/dispatch-catalogue-store.js';
import type { Database } from './database.js';

interface EntryRow {
  id: string | number;
  category_code: string;
  district_id: string | null;
  department_id: string;
  note: string | null;
}

const COLUMNS = 'id, category_code, district_id, department_id, note';
const ORDER = 'ORDER BY category_code, district_id NULLS FIRST';
const INSERT = `
  INSERT INTO dispatch_catalogue (category_code, district_id, department_id, note) VALUES ($1, $2, $3, $4)
  ON CONFLICT (category_code, district_id) DO NOTHING RETURNING ${COLUMNS}`;
const SAME_PLACE = `SELECT ${COLUMNS} FROM dispatch_catalogue WHERE category_code = $1 AND district_id IS NOT DISTINCT FROM $2`;
/** Arbitrary, fixed: "12345" + "010" (the work-orders migration). Serialises seeding. */
const SEED_LOCK_KEY = 12_345_010;

const params = (e: NewCatalogueEntry) => [e.categoryCode, e.districtId, e.departmentId, e.note];

export function createDispatchCatalogueStore(db: Database): DispatchCatalogueStore {
  return {
    async list() {
      return (await db.query<EntryRow>(`SELECT ${COLUMNS} FROM dispatch_catalogue ${ORDER}`)).map(toEntry);
    },

    async forCategories(codes) {
      if (codes.length === 0) return [];
      return (await db.query<EntryRow>(`SELECT ${COLUMNS} FROM dispatch_catalogue WHERE category_code = ANY($1::text[]) ${ORDER}`, [[...codes]])).map(toEntry);
    },

    async add(entry) {
      const [row] = await db.query<EntryRow>(INSERT, params(entry));
      if (row) return toEntry(row);
      const [existing] = await db.query<EntryRow>(SAME_PLACE, [entry.categoryCode, entry.districtId]);
      if (existing) throw new CatalogueEntryConflictError(toEntry(existing));
      throw new Error(`dispatch catalogue entry for "${entry.categoryCode}" was neither inserted nor found`);
    },

    async remove(id) {
      const [row] = await db.query<EntryRow>(`DELETE FROM dispatch_catalogue WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
      return row ? toEntry(row) : null;
    },

    seedIfEmpty(entries) {
      return db.transaction(async (tx) => {
        // held until COMMIT/ROLLBACK: a second instance starting at once waits, then sees the entries
        await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
        const [any] = await tx.query('SELECT 1 FROM dispatch_catalogue LIMIT 1');
        if (any) return 0;
        let inserted = 0;
        for (const e of entries) inserted += (await tx.query(INSERT, params(e))).length;
        return inserted;
      });
    },
  };
}

function toEntry(row: EntryRow): CatalogueEntry {
  return { id: Number(row.id), categoryCode: row.category_code, districtId: row.district_id, departmentId: row.department_id, note: row.note };
}
