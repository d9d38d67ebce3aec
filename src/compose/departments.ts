// Departments (承办单位), the work-order category taxonomy and the dispatch catalogue: the SQL
// stores, the seed files (checked whole at build: a bad file stops startup naming its line and
// field; then what is missing is inserted, admin edits are kept), the edits the HTTP API calls
// and the DepartmentDirectory work orders read.
import { readFileSync } from 'node:fs';
import { createCategoryStore } from '../adapters/db/category-store.js';
import type { Database } from '../adapters/db/database.js';
import { createDepartmentStore } from '../adapters/db/department-store.js';
import { createDispatchCatalogueStore } from '../adapters/db/dispatch-catalogue-store.js';
import { createCatalogueEdits } from '../app/department/catalogue-edits.js';
import { createCategoryEdits } from '../app/department/category-edits.js';
import { createDepartmentDirectory } from '../app/department/department-directory.js';
import { createDepartmentEdits } from '../app/department/department-edits.js';
import { loadDepartmentSeeds, type DepartmentSeeds } from '../app/department/department-seeds.js';
import { parseCatalogueFile, parseCategoriesFile, parseDepartmentsFile, SeedFileError } from '../app/department/seed-files.js';
import type { Config } from '../config.js';
import type { AuditLog } from '../ports/audit/audit-log.js';
import type { Logger } from 'pino';

type SeedConfig = Pick<Config, 'DEPARTMENTS_FILE' | 'WORK_ORDER_CATEGORIES_FILE' | 'DISPATCH_CATALOGUE_FILE'>;

/** A seed file's text; throws SeedFileError naming the file when it cannot be read. */
export const readSeedText = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new SeedFileError(file, [`cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
};

/** The three seed files, checked whole; throws SeedFileError naming the file, line and field. */
export function readDepartmentSeeds(config: SeedConfig): DepartmentSeeds {
  const departments = parseDepartmentsFile(config.DEPARTMENTS_FILE, readSeedText(config.DEPARTMENTS_FILE));
  const categories = parseCategoriesFile(config.WORK_ORDER_CATEGORIES_FILE, readSeedText(config.WORK_ORDER_CATEGORIES_FILE));
  const catalogue = parseCatalogueFile(config.DISPATCH_CATALOGUE_FILE, readSeedText(config.DISPATCH_CATALOGUE_FILE), { departments, categories });
  return { departments, categories, catalogue };
}

/** The three SQL stores on one database. */
export const departmentStoresOn = (db: Database) =>
  ({ departments: createDepartmentStore(db), categories: createCategoryStore(db), catalogue: createDispatchCatalogueStore(db) });

export async function buildDepartments(config: SeedConfig, db: Database, audit: AuditLog, logger: Logger, now: () => Date) {
  const stores = departmentStoresOn(db);
  const seeded = await loadDepartmentSeeds(stores, readDepartmentSeeds(config), now());
  logger.info({ departments: seeded.departments.length, categories: seeded.categories.length, catalogueEntries: seeded.catalogueEntries }, 'department seeds loaded (missing ones only)');

  const directory = createDepartmentDirectory(stores);
  return {
    name: 'departments',
    stores,
    /** What work orders read: department(id), category(code), suggest(code, district). */
    directory,
    departmentEdits: createDepartmentEdits({ departments: stores.departments, audit, now, logger }),
    categoryEdits: createCategoryEdits({ categories: stores.categories, audit, now, logger }),
    catalogueEdits: createCatalogueEdits({ ...stores, directory, audit, now, logger }),
    start() {},
    stop() {},
  };
}

export type Departments = Awaited<ReturnType<typeof buildDepartments>>;

/** The DepartmentDirectory on the database alone (for the API tokens, built before the seeds are read). */
export const departmentDirectoryOn = (db: Database) => createDepartmentDirectory(departmentStoresOn(db));
