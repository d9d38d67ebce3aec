// The pure rules of departments, the taxonomy and the dispatch catalogue: where each kind of
// department may hang, the tree's problems (missing parent, wrong kind, cycle), category codes
// and the inherited time class, and which catalogue entry decides for a category and district.
import { describe, expect, it } from 'vitest';
import { categoryLevel, effectiveTimeClass, parentCode, selfAndAncestors, validateCategorySet, type CategoryNode } from '../../../src/domain/department/category-code.js';
import { lookupCatalogue, type CatalogueEntryNode } from '../../../src/domain/department/catalogue-lookup.js';
import { parentsFirst, placementProblem, validateDepartmentTree, type DepartmentNode } from '../../../src/domain/department/department-tree.js';

const city: DepartmentNode = { id: 'jiangzhou', kind: 'city', parentId: null };
const tree: DepartmentNode[] = [
  city,
  { id: 'jiangbei', kind: 'district', parentId: 'jiangzhou' },
  { id: 'jiangbei-chengguan', kind: 'street', parentId: 'jiangbei' },
  { id: 'jz-zhujian', kind: 'bureau', parentId: 'jiangzhou' },
  { id: 'jz-shuiwu', kind: 'enterprise', parentId: 'jiangzhou' },
  { id: 'jiangbei-zhifa', kind: 'other', parentId: 'jiangbei' },
];

describe('the department tree', () => {
  it('takes city → district → street, bureaus and enterprises under the city', () => {
    expect(validateDepartmentTree(tree)).toEqual([]);
  });

  it.each([
    ['a district at the root', { id: 'x', kind: 'district', parentId: null }, 'department "x": a district must have a parent of kind city'],
    ['a street under the city', { id: 'x', kind: 'street', parentId: 'jiangzhou' }, 'department "x": a street must be under a district, not under "jiangzhou" (a city)'],
    ['a bureau under a district', { id: 'x', kind: 'bureau', parentId: 'jiangbei' }, 'department "x": a bureau must be under a city, not under "jiangbei" (a district)'],
    ['a street under a street', { id: 'x', kind: 'street', parentId: 'jiangbei-chengguan' }, 'department "x": a street must be under a district, not under "jiangbei-chengguan" (a street)'],
    ['a city under a city', { id: 'x', kind: 'city', parentId: 'jiangzhou' }, 'department "x": a city is a root: it has no parent (here "jiangzhou")'],
    ['a parent that does not exist', { id: 'x', kind: 'street', parentId: 'nowhere' }, 'department "x": parent "nowhere" does not exist'],
    ['its own parent', { id: 'x', kind: 'other', parentId: 'x' }, 'department "x": it cannot be its own parent'],
  ] as const)('refuses %s', (_what, node, problem) => {
    expect(validateDepartmentTree([...tree, node as DepartmentNode])).toEqual([problem]);
  });

  it('names a cycle once, with every department in it', () => {
    const problems = validateDepartmentTree([
      city,
      { id: 'a', kind: 'other', parentId: 'b' },
      { id: 'b', kind: 'other', parentId: 'a' },
    ]);
    expect(problems.filter((p) => p.includes('cycle'))).toEqual(['department "a": the parents form a cycle ("a" → "b" → "a")']);
  });

  it('names a duplicate id', () => {
    expect(validateDepartmentTree([...tree, { id: 'jiangbei', kind: 'district', parentId: 'jiangzhou' }])).toEqual(['department "jiangbei": the id is used twice']);
  });

  it('places each kind only under the kinds it allows', () => {
    expect(placementProblem('city', null)).toBeNull();
    expect(placementProblem('enterprise', { id: 'jiangbei', kind: 'district' })).toBeNull();
    expect(placementProblem('other', { id: 'jz-zhujian', kind: 'bureau' })).toBeNull();
    expect(placementProblem('other', { id: 'jiangbei-chengguan', kind: 'street' })).toMatch(/must be under a city or district or bureau/);
  });

  it('orders departments parents first', () => {
    const shuffled = [...tree].reverse();
    const order = parentsFirst(shuffled).map((n) => n.id);
    for (const node of tree) if (node.parentId) expect(order.indexOf(node.parentId)).toBeLessThan(order.indexOf(node.id));
  });
});

describe('category codes', () => {
  it('have one to three levels, the parent being the code without its last part', () => {
    expect([categoryLevel('urban'), categoryLevel('urban.road'), categoryLevel('urban.road.pothole')]).toEqual([1, 2, 3]);
    expect([parentCode('urban'), parentCode('urban.road'), parentCode('urban.road.pothole')]).toEqual([null, 'urban', 'urban.road']);
    expect(selfAndAncestors('urban.road.pothole')).toEqual(['urban.road.pothole', 'urban.road', 'urban']);
  });

  it('inherit the time class from the nearest ancestor that has one', () => {
    const nodes = new Map<string, CategoryNode>([
      ['utilities', { code: 'utilities', timeClass: 'utilities' }],
      ['utilities.gas', { code: 'utilities.gas', timeClass: null }],
      ['utilities.gas.leak', { code: 'utilities.gas.leak', timeClass: 'life_property' }],
      ['utilities.gas.supply', { code: 'utilities.gas.supply', timeClass: null }],
      ['other', { code: 'other', timeClass: null }],
    ]);
    expect(effectiveTimeClass('utilities.gas.supply', nodes)).toBe('utilities');
    expect(effectiveTimeClass('utilities.gas.leak', nodes)).toBe('life_property');
    expect(effectiveTimeClass('utilities.gas', nodes)).toBe('utilities');
    expect(effectiveTimeClass('other', nodes)).toBeNull();
    expect(effectiveTimeClass('unknown.code', nodes)).toBeNull();
  });

  it('need an existing parent, a well-formed code and no duplicate', () => {
    expect(validateCategorySet([
      { code: 'urban', timeClass: 'general' },
      { code: 'urban.road', timeClass: null },
      { code: 'urban.road', timeClass: null },
      { code: 'transport.bus', timeClass: null },
      { code: 'a.b.c.d', timeClass: null },
      { code: 'Urban', timeClass: null },
    ])).toEqual([
      'category "urban.road": the code is used twice',
      'category "a.b.c.d": the code must be one to three parts of a-z, 0-9 or "_" joined by ".", e.g. "urban.road.pothole"',
      'category "Urban": the code must be one to three parts of a-z, 0-9 or "_" joined by ".", e.g. "urban.road.pothole"',
      'category "transport.bus": parent "transport" does not exist',
      'category "a.b.c.d": parent "a.b.c" does not exist',
    ]);
  });
});

describe('the catalogue lookup', () => {
  const entries: Array<CatalogueEntryNode & { id: number }> = [
    { id: 1, categoryCode: 'city_mgmt', districtId: null, departmentId: 'jz-chengguan' },
    { id: 2, categoryCode: 'city_mgmt.sanitation', districtId: 'jiangbei', departmentId: 'jiangbei-zhifa' },
    { id: 3, categoryCode: 'city_mgmt.sanitation.garbage', districtId: null, departmentId: 'jz-huanwei' },
    { id: 4, categoryCode: 'city_mgmt', districtId: 'jiangnan', departmentId: 'jiangnan-zhifa' },
  ];
  const lookup = (code: string, district: string | null, usable?: (e: (typeof entries)[number]) => boolean) => lookupCatalogue(entries, code, district, usable)?.id ?? null;

  it('takes the most specific category first, the district before any district at each level', () => {
    expect(lookup('city_mgmt.sanitation.garbage', 'jiangbei')).toBe(3);
    expect(lookup('city_mgmt.sanitation.vendor', 'jiangbei')).toBe(2);
    expect(lookup('city_mgmt.sanitation.vendor', 'jiangnan')).toBe(4);
    expect(lookup('city_mgmt.sanitation', 'qingshan')).toBe(1);
    expect(lookup('city_mgmt.sanitation', null)).toBe(1);
    expect(lookup('city_mgmt', 'jiangnan')).toBe(4);
  });

  it('is null when no level has an entry', () => {
    expect(lookup('transport.road', 'jiangbei')).toBeNull();
  });

  it('skips an entry that is not usable and lets the next one decide', () => {
    expect(lookup('city_mgmt.sanitation.garbage', 'jiangbei', (e) => e.departmentId !== 'jz-huanwei')).toBe(2);
    expect(lookup('city_mgmt.sanitation.vendor', 'jiangbei', (e) => e.id !== 2)).toBe(1);
  });
});
