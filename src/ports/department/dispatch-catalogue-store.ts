// The dispatch catalogue (派单目录) as records: a category (any level) and optionally a district
// → the lead department. One entry per category and district (null: any district).
import type { NewCatalogueEntry } from '../../domain/department/department-schemas.js';
import { NamedError } from '../../domain/shared/named-error.js';

export interface CatalogueEntry extends NewCatalogueEntry {
  id: number;
}

export interface DispatchCatalogueStore {
  /** Every entry, by category code then district (any district first). */
  list(): Promise<CatalogueEntry[]>;
  /** The entries of these category codes. */
  forCategories(codes: readonly string[]): Promise<CatalogueEntry[]>;
  /** Throws CatalogueEntryConflictError when the category and district already have an entry. */
  add(entry: NewCatalogueEntry): Promise<CatalogueEntry>;
  /** The removed entry; null for an unknown id. */
  remove(id: number): Promise<CatalogueEntry | null>;
  /**
   * Inserts the entries when the catalogue has none (in one transaction, one instance at a
   * time): entries an admin removed never come back. The number inserted.
   */
  seedIfEmpty(entries: readonly NewCatalogueEntry[]): Promise<number>;
}

export class CatalogueEntryConflictError extends NamedError {
  readonly code = 'catalogue-conflict';
  constructor(readonly existing: CatalogueEntry) {
    super(`category "${existing.categoryCode}" ${existing.districtId ? `in district "${existing.districtId}"` : 'for any district'} already has entry ${existing.id} (→ "${existing.departmentId}"): remove it first`);
  }
}
