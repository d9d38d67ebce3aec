// The dispatch catalogue (派单目录) for people: the entries, an admin adding or removing one, and
// the suggestion an agent sees while filing an order. An entry names an existing category, a
// district (a department of kind district) or none, and an active lead department. Every
// stored change goes to the audit log (config_change).
import type { NewCatalogueEntry } from '../../domain/department/department-schemas.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { CategoryStore } from '../../ports/department/category-store.js';
import type { DepartmentStore } from '../../ports/department/department-store.js';
import type { CatalogueEntry, DispatchCatalogueStore } from '../../ports/department/dispatch-catalogue-store.js';
import type { Logger } from '../../ports/logger.js';
import { DirectoryNotFoundError, DirectoryRuleError } from './department-errors.js';
import type { SqlDepartmentDirectory, Suggestion } from './department-directory.js';

export interface CatalogueEditsDeps {
  catalogue: DispatchCatalogueStore;
  departments: Pick<DepartmentStore, 'get'>;
  categories: Pick<CategoryStore, 'getMany'>;
  directory: Pick<SqlDepartmentDirectory, 'suggestion'>;
  audit?: Pick<AuditLog, 'append'>;
  now: () => Date;
  logger?: Logger;
}

export interface CatalogueEdits {
  list(): Promise<CatalogueEntry[]>;
  /** Throws DirectoryNotFoundError, DirectoryRuleError or CatalogueEntryConflictError. */
  add(actor: string, entry: NewCatalogueEntry): Promise<CatalogueEntry>;
  /** Throws DirectoryNotFoundError. */
  remove(actor: string, id: number): Promise<CatalogueEntry>;
  /** Throws DirectoryNotFoundError for an unknown category or district. */
  suggest(categoryCode: string, districtId: string | null): Promise<Suggestion | null>;
}

export function createCatalogueEdits(deps: CatalogueEditsDeps): CatalogueEdits {
  const log = deps.logger?.child({ component: 'catalogue-edits' });

  async function audited(actor: string, entry: CatalogueEntry, action: string): Promise<void> {
    log?.info({ entryId: entry.id, change: action, by: actor }, 'dispatch catalogue changed');
    try {
      await deps.audit?.append({ kind: 'config_change', at: deps.now(), actor, subject: `dispatch-catalogue:${entry.id}`, data: { action, entry } });
    } catch (err) {
      log?.error({ err, entryId: entry.id }, 'dispatch catalogue change done but not written to the audit log');
    }
  }

  async function checkCategory(code: string): Promise<void> {
    if ((await deps.categories.getMany([code])).length === 0) throw new DirectoryNotFoundError(`No work-order category with code ${code}`);
  }

  async function checkDistrict(id: string | null): Promise<void> {
    if (id === null) return;
    const district = await deps.departments.get(id);
    if (!district) throw new DirectoryNotFoundError(`No district with id ${id}`);
    if (district.kind !== 'district') throw new DirectoryRuleError([`districtId: "${id}" is a ${district.kind}, not a district`]);
  }

  return {
    list: () => deps.catalogue.list(),

    async add(actor, entry) {
      await checkCategory(entry.categoryCode);
      await checkDistrict(entry.districtId);
      const lead = await deps.departments.get(entry.departmentId);
      if (!lead) throw new DirectoryNotFoundError(`No department with id ${entry.departmentId}`);
      if (!lead.active) throw new DirectoryRuleError([`departmentId: department "${lead.id}" is inactive`]);
      const added = await deps.catalogue.add(entry);
      await audited(actor, added, 'catalogue_entry_added');
      return added;
    },

    async remove(actor, id) {
      const removed = await deps.catalogue.remove(id);
      if (!removed) throw new DirectoryNotFoundError(`No dispatch catalogue entry with id ${id}`);
      await audited(actor, removed, 'catalogue_entry_removed');
      return removed;
    },

    async suggest(categoryCode, districtId) {
      await checkCategory(categoryCode);
      await checkDistrict(districtId);
      return deps.directory.suggestion(categoryCode, districtId);
    },
  };
}
