// The department tree (承办单位): the city at the root, districts under it, streets and townships
// (街道/乡镇) under a district; bureaus (委办局) under the city; enterprises (水务集团, 供电公司…)
// under the city or a district; other bodies under any of those. A parent must exist, and no
// department is its own ancestor. Pure.

export const DEPARTMENT_KINDS = ['city', 'district', 'street', 'bureau', 'enterprise', 'other'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** Where each kind may hang: the kinds its parent may have (empty: it is a root). */
export const PARENT_KINDS: Readonly<Record<DepartmentKind, readonly DepartmentKind[]>> = {
  city: [],
  district: ['city'],
  street: ['district'],
  bureau: ['city'],
  enterprise: ['city', 'district'],
  other: ['city', 'district', 'bureau'],
};

export interface DepartmentNode {
  id: string;
  kind: DepartmentKind;
  parentId: string | null;
}

/** Why this kind cannot hang under that parent (null: no parent); null when it can. */
export function placementProblem(kind: DepartmentKind, parent: { id: string; kind: DepartmentKind } | null): string | null {
  const allowed = PARENT_KINDS[kind];
  if (parent === null) return allowed.length === 0 ? null : `a ${kind} must have a parent of kind ${allowed.join(' or ')}`;
  if (allowed.length === 0) return `a ${kind} is a root: it has no parent (here "${parent.id}")`;
  if (!allowed.includes(parent.kind)) return `a ${kind} must be under a ${allowed.join(' or ')}, not under "${parent.id}" (a ${parent.kind})`;
  return null;
}

/** The first department met twice walking up from `id`, or null when the walk reaches a root. */
function cycleFrom(id: string, byId: ReadonlyMap<string, DepartmentNode>): string[] | null {
  const path: string[] = [];
  let at: string | null = id;
  while (at !== null) {
    if (path.includes(at)) return [...path.slice(path.indexOf(at)), at];
    path.push(at);
    at = byId.get(at)?.parentId ?? null;
  }
  return null;
}

/** A problem of the tree: the department, the field at fault, what is wrong. */
export interface TreeProblem {
  id: string;
  field: 'id' | 'kind' | 'parentId';
  message: string;
}

/**
 * Every problem of a whole set of departments: duplicate ids, a parent that does not exist, a
 * kind under the wrong parent, a cycle. Empty when the set is a valid tree (or forest of cities).
 */
export function departmentTreeProblems(nodes: readonly DepartmentNode[]): TreeProblem[] {
  const problems: TreeProblem[] = [];
  const byId = new Map<string, DepartmentNode>();
  for (const node of nodes) {
    if (byId.has(node.id)) problems.push({ id: node.id, field: 'id', message: 'the id is used twice' });
    byId.set(node.id, node);
  }
  for (const node of nodes) {
    if (node.parentId === node.id) {
      problems.push({ id: node.id, field: 'parentId', message: 'it cannot be its own parent' });
      continue;
    }
    const parent = node.parentId === null ? null : byId.get(node.parentId);
    if (parent === undefined) {
      problems.push({ id: node.id, field: 'parentId', message: `parent "${node.parentId}" does not exist` });
      continue;
    }
    const placement = placementProblem(node.kind, parent);
    if (placement) problems.push({ id: node.id, field: node.parentId === null ? 'parentId' : 'kind', message: placement });
  }
  const reported = new Set<string>();
  for (const node of nodes) {
    const cycle = cycleFrom(node.id, byId);
    if (!cycle || cycle.length === 2) continue; // a self-parent is reported above
    const key = [...cycle.slice(0, -1)].sort().join(',');
    if (reported.has(key)) continue;
    reported.add(key);
    problems.push({ id: node.id, field: 'parentId', message: `the parents form a cycle (${cycle.map((c) => `"${c}"`).join(' → ')})` });
  }
  return problems;
}

/** The problems of departmentTreeProblems as sentences naming the department. */
export const validateDepartmentTree = (nodes: readonly DepartmentNode[]): string[] =>
  departmentTreeProblems(nodes).map((p) => `department "${p.id}": ${p.message}`);

/** The departments parents first, so each can be inserted after its parent. Assumes a valid tree. */
export function parentsFirst<T extends DepartmentNode>(nodes: readonly T[]): T[] {
  const ids = new Set(nodes.map((n) => n.id));
  const out: T[] = [];
  const placed = new Set<string>();
  let pending = [...nodes];
  while (pending.length > 0) {
    const ready = pending.filter((n) => n.parentId === null || !ids.has(n.parentId) || placed.has(n.parentId));
    if (ready.length === 0) return [...out, ...pending];
    for (const n of ready) {
      out.push(n);
      placed.add(n.id);
    }
    pending = pending.filter((n) => !placed.has(n.id));
  }
  return out;
}
