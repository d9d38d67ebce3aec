// The category taxonomy (工单分类) as records. A category's parent and level follow from its
// code; its time class here is its own (null: inherited, see effectiveTimeClass).
import type { TimeClass } from '../../domain/department/category-code.js';
import type { CategoryFields, CategorySeed } from '../../domain/department/department-schemas.js';
import { NamedError } from '../../domain/shared/named-error.js';

export interface Category {
  code: string;
  name: string;
  parentCode: string | null;
  level: 1 | 2 | 3;
  timeClass: TimeClass | null;
  active: boolean;
}

export interface CategoryStore {
  /** Every category, inactive ones included, by code. */
  list(): Promise<Category[]>;
  /** The categories of these codes that exist. */
  getMany(codes: readonly string[]): Promise<Category[]>;
  /** Inserts, parents first, those whose code is not taken, in one transaction; the codes inserted. */
  insertMissing(categories: readonly CategorySeed[]): Promise<string[]>;
  /** Creates or replaces the category; its parent must exist (CategoryParentMissingError). */
  upsert(code: string, fields: CategoryFields): Promise<{ category: Category; created: boolean }>;
}

export class CategoryParentMissingError extends NamedError {
  readonly code = 'category-parent-missing';
  constructor(readonly categoryCode: string, readonly parent: string) {
    super(`category "${categoryCode}": parent "${parent}" does not exist (create it first)`);
  }
}
