// The category taxonomy (工单分类) for people: the tree with each category's effective time
// class, searchable by name, and an admin's edits (create or replace one category; its parent
// must exist). Every stored change goes to the audit log (config_change).
import { effectiveTimeClass, type TimeClass } from '../../domain/department/category-code.js';
import type { CategoryFields } from '../../domain/department/department-schemas.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import { CategoryParentMissingError, type Category, type CategoryStore } from '../../ports/department/category-store.js';
import type { Logger } from '../../ports/logger.js';
import { DirectoryRuleError } from './department-errors.js';

export interface CategoryNodeView extends Category {
  /** Its own time class, else the nearest ancestor's. */
  effectiveTimeClass: TimeClass | null;
  children: CategoryNodeView[];
}

export interface CategoryTreeQuery {
  /** Keeps the categories whose name contains this (and their ancestors and descendants). */
  q?: string;
  includeInactive?: boolean;
}

export interface CategoryEdits {
  tree(query?: CategoryTreeQuery): Promise<CategoryNodeView[]>;
  /** Creates or replaces the category. Throws DirectoryRuleError when its parent does not exist. */
  put(actor: string, code: string, fields: CategoryFields): Promise<{ category: Category; created: boolean }>;
}

export interface CategoryEditsDeps {
  categories: CategoryStore;
  audit?: Pick<AuditLog, 'append'>;
  now: () => Date;
  logger?: Logger;
}

/** The forest of `all`, children by code; with `q`, the categories whose name or code contains it, with their ancestors and descendants. */
export function categoryForest(all: readonly Category[], q?: string): CategoryNodeView[] {
  const byCode = new Map(all.map((c) => [c.code, c] as const));
  const needle = q?.trim().toLowerCase();
  const views = new Map<string, CategoryNodeView>(all.map((c) => [c.code, { ...c, effectiveTimeClass: effectiveTimeClass(c.code, byCode), children: [] }]));
  const roots: CategoryNodeView[] = [];
  for (const c of [...all].sort((a, b) => a.code.localeCompare(b.code))) {
    const view = views.get(c.code)!;
    const parent = c.parentCode ? views.get(c.parentCode) : undefined;
    if (parent) parent.children.push(view);
    else if (!c.parentCode) roots.push(view);
  }
  if (!needle) return roots;
  const matches = (v: CategoryNodeView): boolean => v.name.toLowerCase().includes(needle) || v.code.includes(needle);
  const prune = (nodes: CategoryNodeView[]): CategoryNodeView[] =>
    nodes.flatMap((v) => {
      if (matches(v)) return [v];
      const children = prune(v.children);
      return children.length > 0 ? [{ ...v, children }] : [];
    });
  return prune(roots);
}

export function createCategoryEdits(deps: CategoryEditsDeps): CategoryEdits {
  const log = deps.logger?.child({ component: 'category-edits' });
  return {
    async tree(query = {}) {
      const all = await deps.categories.list();
      const visible = query.includeInactive ? all : all.filter((c) => c.active);
      return categoryForest(visible, query.q);
    },

    async put(actor, code, fields) {
      let result: { category: Category; created: boolean };
      try {
        result = await deps.categories.upsert(code, fields);
      } catch (err) {
        if (err instanceof CategoryParentMissingError) throw new DirectoryRuleError([err.message]);
        throw err;
      }
      log?.info({ code, created: result.created, by: actor }, 'category changed');
      try {
        await deps.audit?.append({
          kind: 'config_change', at: deps.now(), actor, subject: `category:${code}`,
          data: { action: result.created ? 'category_created' : 'category_changed', category: result.category },
        });
      } catch (err) {
        log?.error({ err, code }, 'category change done but not written to the audit log');
      }
      return result;
    },
  };
}
