// The category taxonomy (工单分类), three levels in the spirit of GB/T 39666-2020: codes
// `urban`, `urban.road`, `urban.road.pothole`. A category's parent is its code without the last
// part and must exist; its reply time class is its own or the nearest ancestor's. Pure.

export const TIME_CLASSES = ['life_property', 'utilities', 'general', 'complex'] as const;
export type TimeClass = (typeof TIME_CLASSES)[number];

export const CATEGORY_CODE = /^[a-z0-9_]+(\.[a-z0-9_]+){0,2}$/;
export const CATEGORY_CODE_HINT = 'must be one to three parts of a-z, 0-9 or "_" joined by ".", e.g. "urban.road.pothole"';

export interface CategoryNode {
  code: string;
  timeClass: TimeClass | null;
}

export const categoryLevel = (code: string): 1 | 2 | 3 => code.split('.').length as 1 | 2 | 3;

/** The parent's code, null for a first-level category. */
export function parentCode(code: string): string | null {
  const i = code.lastIndexOf('.');
  return i < 0 ? null : code.slice(0, i);
}

/** The code itself, then its parent, then the first level: the most specific first. */
export function selfAndAncestors(code: string): string[] {
  const out: string[] = [];
  for (let at: string | null = code; at !== null; at = parentCode(at)) out.push(at);
  return out;
}

/** The time class of `code`: its own, else the nearest ancestor's; null when none has one or the code is unknown. */
export function effectiveTimeClass(code: string, byCode: ReadonlyMap<string, CategoryNode>): TimeClass | null {
  for (const at of selfAndAncestors(code)) {
    const node = byCode.get(at);
    if (node?.timeClass) return node.timeClass;
  }
  return null;
}

/** Every problem of a whole set of categories: a bad or duplicate code, a missing parent. */
export function categorySetProblems(nodes: readonly CategoryNode[]): Array<{ code: string; message: string }> {
  const problems: Array<{ code: string; message: string }> = [];
  const codes = new Set<string>();
  for (const node of nodes) {
    if (!CATEGORY_CODE.test(node.code)) problems.push({ code: node.code, message: `the code ${CATEGORY_CODE_HINT}` });
    if (codes.has(node.code)) problems.push({ code: node.code, message: 'the code is used twice' });
    codes.add(node.code);
  }
  for (const node of nodes) {
    const parent = parentCode(node.code);
    if (parent !== null && !codes.has(parent)) problems.push({ code: node.code, message: `parent "${parent}" does not exist` });
  }
  return problems;
}

/** The problems of categorySetProblems as sentences naming the category. */
export const validateCategorySet = (nodes: readonly CategoryNode[]): string[] =>
  categorySetProblems(nodes).map((p) => `category "${p.code}": ${p.message}`);
