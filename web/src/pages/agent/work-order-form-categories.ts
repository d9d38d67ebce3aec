// The work-order category tree (GET /api/work-order-categories, ?q= searches names and codes) as
// the desktop uses it: a flat list in tree order with each category's depth and full name
// ("交通运输 / 道路设施 / 路面坑洼"), and the names by code for lists of earlier orders.
import { apiGet } from '../../api';

export interface CategoryNode {
  code: string;
  name: string;
  active: boolean;
  children: CategoryNode[];
}

export interface CategoryRow {
  code: string;
  name: string;
  /** The names from the top level down, joined with " / ". */
  path: string;
  depth: number;
}

export function flattenCategories(nodes: readonly CategoryNode[], parents: readonly string[] = []): CategoryRow[] {
  const rows: CategoryRow[] = [];
  for (const node of nodes) {
    const names = [...parents, node.name];
    rows.push({ code: node.code, name: node.name, path: names.join(' / '), depth: parents.length });
    rows.push(...flattenCategories(node.children, names));
  }
  return rows;
}

/** The tree, or the categories matching `q` with their ancestors and descendants; null when the API refused. */
export async function loadCategoryRows(q = ''): Promise<CategoryRow[] | null> {
  const query = q.trim() ? `?q=${encodeURIComponent(q.trim())}` : '';
  const answer = await apiGet<{ categories: CategoryNode[] }>(`/api/work-order-categories${query}`);
  return answer.body ? flattenCategories(answer.body.categories) : null;
}
