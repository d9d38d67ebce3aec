// The seed data of departments, categories and the dispatch catalogue, loaded at start: what is
// missing is inserted (departments by id, categories by code), nothing stored is overwritten, so
// an admin's edits survive a restart; the catalogue is seeded only while it is empty, so an
// entry an admin removed does not come back. Seeded departments get a webhook secret each (an
// admin rotates it to see it).
import type { CategorySeed, NewCatalogueEntry, NewDepartment } from '../../domain/department/department-schemas.js';
import type { CategoryStore } from '../../ports/department/category-store.js';
import type { DepartmentStore } from '../../ports/department/department-store.js';
import type { DispatchCatalogueStore } from '../../ports/department/dispatch-catalogue-store.js';
import { generateWebhookSecret } from './webhook-secret.js';

export interface DepartmentSeeds {
  departments: NewDepartment[];
  categories: CategorySeed[];
  catalogue: NewCatalogueEntry[];
}

export interface SeedResult {
  departments: string[];
  categories: string[];
  catalogueEntries: number;
}

export async function loadDepartmentSeeds(
  stores: { departments: DepartmentStore; categories: CategoryStore; catalogue: DispatchCatalogueStore },
  seeds: DepartmentSeeds,
  now: Date,
  generateSecret: () => string = generateWebhookSecret,
): Promise<SeedResult> {
  const departments = await stores.departments.insertMissing(seeds.departments.map((department) => ({ department, webhookSecret: generateSecret() })), now);
  const categories = await stores.categories.insertMissing(seeds.categories);
  const catalogueEntries = await stores.catalogue.seedIfEmpty(seeds.catalogue);
  return { departments, categories, catalogueEntries };
}
