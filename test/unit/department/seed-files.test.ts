// The seed files of departments, categories and the dispatch catalogue: the shipped ones are
// valid and realistic; a bad one is refused whole, each problem named by line and field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogueFile, parseCategoriesFile, parseDepartmentsFile, SeedFileError } from '../../../src/app/department/seed-files.js';
import { jsonLines } from '../../../src/domain/department/json-lines.js';

const read = (file: string) => readFileSync(file, 'utf8');
const DEPARTMENTS = 'dialplans/departments.json';
const CATEGORIES = 'dialplans/work-order-categories.json';
const CATALOGUE = 'dialplans/dispatch-catalogue.json';

/** The problems of a SeedFileError thrown by `parse`. */
function problemsOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (err) {
    if (err instanceof SeedFileError) return err.problems;
    throw err;
  }
  throw new Error('the file was accepted');
}

const lines = (...rows: string[]) => rows.join('\n');

describe('the shipped seed files', () => {
  const departments = parseDepartmentsFile(DEPARTMENTS, read(DEPARTMENTS));
  const categories = parseCategoriesFile(CATEGORIES, read(CATEGORIES));
  const catalogue = parseCatalogueFile(CATALOGUE, read(CATALOGUE), { departments, categories });

  it('describe a city with districts, streets, bureaus and utility companies', () => {
    const kinds = (kind: string) => departments.filter((d) => d.kind === kind);
    expect(kinds('city')).toHaveLength(1);
    expect(kinds('district').length).toBeGreaterThanOrEqual(3);
    for (const district of kinds('district')) expect(departments.filter((d) => d.kind === 'street' && d.parentId === district.id).length).toBeGreaterThanOrEqual(2);
    const names = departments.map((d) => d.name).join(' ');
    for (const bureau of ['住房和城乡建设局', '城市管理局', '交通运输局', '生态环境局', '市场监督管理局', '人力资源和社会保障局', '教育局', '卫生健康委员会', '公安局', '水务集团', '供电公司', '燃气', '热力']) {
      expect(names).toContain(bureau);
    }
  });

  it('have a three-level taxonomy of about fifteen first-level categories with time classes', () => {
    const level = (n: number) => categories.filter((c) => c.code.split('.').length === n);
    expect(level(1).length).toBeGreaterThanOrEqual(15);
    expect(level(2).length).toBeGreaterThanOrEqual(2 * level(1).length);
    expect(level(3).length).toBeGreaterThan(5);
    expect(categories.find((c) => c.code === 'utilities')?.timeClass).toBe('utilities');
    expect(categories.find((c) => c.code === 'emergency')?.timeClass).toBe('life_property');
  });

  it('map every first-level category to a lead department, street-level matters per district', () => {
    const firstLevel = categories.filter((c) => !c.code.includes('.')).map((c) => c.code);
    const covered = new Set(catalogue.filter((e) => e.districtId === null).map((e) => e.categoryCode));
    expect(firstLevel.filter((c) => !covered.has(c))).toEqual([]);
    expect(catalogue.filter((e) => e.districtId !== null).length).toBeGreaterThanOrEqual(3);
  });
});

describe('a bad departments file', () => {
  it('names the line and field of each bad record field', () => {
    const text = lines(
      '[',
      '  { "id": "jiangzhou", "name": "江州市", "kind": "city" },',
      '  {',
      '    "id": "Bad Id",',
      '    "name": "江北区",',
      '    "kind": "county",',
      '    "parentId": "jiangzhou"',
      '  }',
      ']',
    );
    expect(problemsOf(() => parseDepartmentsFile('d.json', text))).toEqual([
      'line 4, [1].id: must be 1 to 64 lower-case letters, digits or "-", starting with a letter or digit, e.g. "jz-zhujian"',
      'line 6, [1].kind: must be one of city, district, street, bureau, enterprise, other',
    ]);
  });

  it('names the line of a missing parent, a kind under the wrong parent, and a cycle', () => {
    const text = lines(
      '[',
      '  { "id": "jiangzhou", "name": "江州市", "kind": "city" },',
      '  { "id": "jiangbei", "name": "江北区", "kind": "district",',
      '    "parentId": "jiangzhou" },',
      '  { "id": "chengguan", "name": "城关街道", "kind": "street",',
      '    "parentId": "jiangnan" },',
      '  { "id": "zhujian", "name": "住建局", "kind": "bureau",',
      '    "parentId": "jiangbei" },',
      '  { "id": "a", "name": "甲", "kind": "other", "parentId": "b" },',
      '  { "id": "b", "name": "乙", "kind": "other", "parentId": "a" }',
      ']',
    );
    const problems = problemsOf(() => parseDepartmentsFile('d.json', text));
    expect(problems).toContain('line 6, [2].parentId: parent "jiangnan" does not exist');
    expect(problems).toContain('line 7, [3].kind: a bureau must be under a city, not under "jiangbei" (a district)');
    expect(problems).toContain('line 9, [4].parentId: the parents form a cycle ("a" → "b" → "a")');
  });

  it('names the line of broken JSON and the whole file when it is no array', () => {
    expect(problemsOf(() => parseDepartmentsFile('d.json', '[\n  { "id": "x",\n  }\n]'))).toEqual([expect.stringMatching(/^line 3: not valid JSON/)]);
    expect(problemsOf(() => parseDepartmentsFile('d.json', '{}'))).toEqual(['line 1, (the file): must be a JSON array of departments']);
  });

  it('says which file in the error message', () => {
    expect(() => parseDepartmentsFile('dialplans/departments.json', '[{"id": "x"}]')).toThrow(/^dialplans\/departments\.json is not a valid seed file:\n {2}- line 1, \[0\]\.name/);
  });
});

describe('a bad categories file', () => {
  it('names the line of a category whose parent is missing and of a bad time class', () => {
    const text = lines(
      '[',
      '  { "code": "urban", "name": "城乡建设", "timeClass": "general" },',
      '  { "code": "urban.road.pothole", "name": "路面坑洼" },',
      '  { "code": "utilities", "name": "水电气暖",',
      '    "timeClass": "fast" }',
      ']',
    );
    expect(problemsOf(() => parseCategoriesFile('c.json', text))).toEqual([
      'line 5, [2].timeClass: must be one of life_property, utilities, general, complex',
    ]);
    const missingParent = text.replace(',\n    "timeClass": "fast"', '');
    expect(problemsOf(() => parseCategoriesFile('c.json', missingParent))).toEqual(['line 3, [1].code: parent "urban.road" does not exist']);
  });
});

describe('a bad catalogue file', () => {
  const departments = parseDepartmentsFile('d.json', JSON.stringify([
    { id: 'jiangzhou', name: '江州市', kind: 'city' },
    { id: 'jiangbei', name: '江北区', kind: 'district', parentId: 'jiangzhou' },
    { id: 'jz-zhujian', name: '住建局', kind: 'bureau', parentId: 'jiangzhou' },
  ]));
  const categories = parseCategoriesFile('c.json', JSON.stringify([{ code: 'urban', name: '城乡建设' }]));

  it('names the line of an unknown category, a district that is no district, an unknown department and a duplicate', () => {
    const text = lines(
      '[',
      '  { "categoryCode": "urban", "departmentId": "jz-zhujian" },',
      '  { "categoryCode": "transport", "departmentId": "jz-zhujian" },',
      '  { "categoryCode": "urban", "districtId": "jz-zhujian",',
      '    "departmentId": "jz-jiaotong" },',
      '  { "categoryCode": "urban", "departmentId": "jiangbei" }',
      ']',
    );
    expect(problemsOf(() => parseCatalogueFile('k.json', text, { departments, categories }))).toEqual([
      'line 3, [1].categoryCode: no category "transport" in the categories file',
      'line 4, [2].districtId: "jz-zhujian" is a bureau, not a district',
      'line 5, [2].departmentId: no department "jz-jiaotong" in the departments file',
      'line 6, [3].categoryCode: entry [0] already maps "urban" for any district',
    ]);
  });
});

describe('jsonLines', () => {
  it('gives the line of every value and of each member by its key', () => {
    const map = jsonLines('[\n  {\n    "a": 1,\n    "b": [\n      "x",\n      {"c": "y"}\n    ]\n  },\n  2\n]');
    expect(Object.fromEntries(map)).toEqual({ '': 1, '[0]': 2, '[0].a': 3, '[0].b': 4, '[0].b[0]': 5, '[0].b[1]': 6, '[0].b[1].c': 6, '[1]': 9 });
  });

  it('reads keys with escapes and strings with brackets', () => {
    const map = jsonLines('[{"k\\"]": "}]",\n"n": "\\u4e2d"}]');
    expect(map.get('[0].k"]')).toBe(1);
    expect(map.get('[0].n')).toBe(2);
  });
});
