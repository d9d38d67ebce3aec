// What work orders read of departments, the taxonomy and the dispatch catalogue: the
// DepartmentDirectory port over the three stores. A category's time class is inherited from the
// nearest ancestor that has one; the suggestion is the catalogue entry of the most specific
// category for the district, else for any district, skipping entries whose department is inactive.
import { effectiveTimeClass, selfAndAncestors } from '../../domain/department/category-code.js';
import { lookupCatalogue } from '../../domain/department/catalogue-lookup.js';
import type { CategoryStore } from '../../ports/department/category-store.js';
import type { CategoryRef, DepartmentDirectory, DepartmentRef } from '../../ports/department/department-directory.js';
import type { Department, DepartmentStore } from '../../ports/department/department-store.js';
import type { CatalogueEntry, DispatchCatalogueStore } from '../../ports/department/dispatch-catalogue-store.js';

export interface DepartmentDirectoryDeps {
  departments: Pick<DepartmentStore, 'get' | 'list'>;
  categories: Pick<CategoryStore, 'getMany'>;
  catalogue: Pick<DispatchCatalogueStore, 'forCategories'>;
}

export interface Suggestion {
  department: Department;
  entry: CatalogueEntry;
}

export interface SqlDepartmentDirectory extends DepartmentDirectory {
  /** The suggestion with the catalogue entry that decided it and the whole department record. */
  suggestion(categoryCode: string, districtId: string | null): Promise<Suggestion | null>;
}

const refOf = (d: Department): DepartmentRef => ({ id: d.id, name: d.name, active: d.active });

export function createDepartmentDirectory(deps: DepartmentDirectoryDeps): SqlDepartmentDirectory {
  async function suggestion(categoryCode: string, districtId: string | null): Promise<Suggestion | null> {
    const entries = await deps.catalogue.forCategories(selfAndAncestors(categoryCode));
    if (entries.length === 0) return null;
    const named = new Set(entries.map((e) => e.departmentId));
    const departments = new Map((await deps.departments.list()).filter((d) => named.has(d.id)).map((d) => [d.id, d] as const));
    const entry = lookupCatalogue(entries, categoryCode, districtId, (e) => departments.get(e.departmentId)?.active === true);
    return entry ? { entry, department: departments.get(entry.departmentId)! } : null;
  }

  return {
    async department(id) {
      const found = await deps.departments.get(id);
      return found ? refOf(found) : null;
    },

    async category(code): Promise<CategoryRef | null> {
      const chain = await deps.categories.getMany(selfAndAncestors(code));
      const own = chain.find((c) => c.code === code);
      if (!own) return null;
      return {
        code: own.code,
        name: own.name,
        level: own.level,
        timeClass: effectiveTimeClass(code, new Map(chain.map((c) => [c.code, c] as const))),
        active: own.active,
      };
    },

    async suggest(categoryCode, districtId) {
      const found = await suggestion(categoryCode, districtId);
      return found ? refOf(found.department) : null;
    },

    suggestion,
  };
}
