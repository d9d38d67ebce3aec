// The seed files of departments, categories and the dispatch catalogue (dialplans/*.json):
// checked whole before anything is written, every problem named by file, line and field, e.g.
//   dialplans/departments.json is not a valid seed file:
//     - line 41, [6].parentId: parent "jz-xihu" does not exist
// Each record by its zod schema, then the set (the department tree, the taxonomy) and the
// catalogue's references to the other two files.
import type { z } from 'zod';
import { categorySetProblems } from '../../domain/department/category-code.js';
import { departmentTreeProblems } from '../../domain/department/department-tree.js';
import {
  catalogueEntrySchema, categorySeedSchema, newDepartmentSchema,
  type CategorySeed, type NewCatalogueEntry, type NewDepartment,
} from '../../domain/department/department-schemas.js';
import { formatJsonPath, jsonLines, lineAt, lineOf, type JsonPath } from '../../domain/department/json-lines.js';
import { NamedError } from '../../domain/shared/named-error.js';

export class SeedFileError extends NamedError {
  readonly code = 'seed-file-invalid';
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file} is not a valid seed file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface Located<T> {
  items: T[];
  /** `line N, [i].field: message` for the item's field. */
  at(index: number, field: string | null, message: string): string;
  /** `line N, [i].field` of the item's field. */
  where(index: number, field: string | null): string;
}

/** Parses the file's text as a JSON array of records of `schema`; throws SeedFileError naming every bad field. */
export function parseSeedArray<S extends z.ZodType>(file: string, text: string, schema: S, what: string): Located<z.infer<S>> {
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = /position (\d+)/.exec(message);
    const line = position ? lineAt(text, Number(position[1])) : (Number(/line (\d+)/.exec(message)?.[1]) || 1);
    throw new SeedFileError(file, [`line ${line}: not valid JSON (${message})`]);
  }
  const lines = jsonLines(text);
  const locate = (path: JsonPath) => `line ${lineOf(lines, path)}, ${formatJsonPath(path) || '(the file)'}`;
  const describe = (path: JsonPath, message: string) => `${locate(path)}: ${message}`;
  if (!Array.isArray(content)) throw new SeedFileError(file, [describe([], `must be a JSON array of ${what}`)]);
  const items: Array<z.infer<S>> = [];
  const problems: string[] = [];
  content.forEach((item, i) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) items.push(parsed.data);
    else {
      const paths = parsed.error.issues.map((issue) => ({ path: [i, ...(issue.path as Array<string | number>)], message: issue.message }));
      paths.sort((a, b) => lineOf(lines, a.path) - lineOf(lines, b.path));
      for (const { path, message } of paths) problems.push(describe(path, message));
    }
  });
  if (problems.length > 0) throw new SeedFileError(file, problems);
  const pathOf = (index: number, field: string | null): JsonPath => (field === null ? [index] : [index, field]);
  return { items, at: (index, field, message) => describe(pathOf(index, field), message), where: (index, field) => locate(pathOf(index, field)) };
}

export function parseDepartmentsFile(file: string, text: string): NewDepartment[] {
  const { items, at } = parseSeedArray(file, text, newDepartmentSchema, 'departments');
  const index = new Map(items.map((d, i) => [d.id, i] as const));
  const problems = departmentTreeProblems(items).map((p) => at(index.get(p.id) ?? 0, p.field, p.message));
  if (problems.length > 0) throw new SeedFileError(file, problems);
  return items;
}

export function parseCategoriesFile(file: string, text: string): CategorySeed[] {
  const { items, at } = parseSeedArray(file, text, categorySeedSchema, 'categories');
  const index = new Map(items.map((c, i) => [c.code, i] as const));
  const problems = categorySetProblems(items).map((p) => at(index.get(p.code) ?? 0, 'code', p.message));
  if (problems.length > 0) throw new SeedFileError(file, problems);
  return items;
}

/** The catalogue's entries, whose categories and departments must be in the other two files. */
export function parseCatalogueFile(file: string, text: string, known: { departments: readonly NewDepartment[]; categories: readonly CategorySeed[] }): NewCatalogueEntry[] {
  const { items, at } = parseSeedArray(file, text, catalogueEntrySchema, 'catalogue entries');
  const departments = new Map(known.departments.map((d) => [d.id, d] as const));
  const categories = new Set(known.categories.map((c) => c.code));
  const seen = new Map<string, number>();
  const problems: string[] = [];
  items.forEach((e, i) => {
    if (!categories.has(e.categoryCode)) problems.push(at(i, 'categoryCode', `no category "${e.categoryCode}" in the categories file`));
    const district = e.districtId === null ? null : departments.get(e.districtId);
    if (district === undefined) problems.push(at(i, 'districtId', `no department "${e.districtId}" in the departments file`));
    else if (district && district.kind !== 'district') problems.push(at(i, 'districtId', `"${district.id}" is a ${district.kind}, not a district`));
    if (!departments.has(e.departmentId)) problems.push(at(i, 'departmentId', `no department "${e.departmentId}" in the departments file`));
    const key = `${e.categoryCode}|${e.districtId ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push(at(i, 'categoryCode', `entry [${first}] already maps "${e.categoryCode}" ${e.districtId ? `in "${e.districtId}"` : 'for any district'}`));
    else seen.set(key, i);
  });
  if (problems.length > 0) throw new SeedFileError(file, problems);
  return items;
}
