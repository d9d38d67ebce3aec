// The ledger's CSV cells and who sees a citizen's number: pure rules, no database.
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, wallTimeFormatter } from '../../../src/app/work-order/ledger-csv.js';
import { citizenVisibility, scopedFilter } from '../../../src/app/work-order/ledger-view.js';

describe('ledger CSV cells', () => {
  it('neutralises what a spreadsheet would run as a formula', () => {
    for (const v of ['=1+1', '+8613800138000', '-2', '@SUM(A1)', '\t=1', '\r=1']) expect(csvCell(v).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('13800138000')).toBe('13800138000');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('quotes commas, quotes and line breaks, and leaves nulls empty', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', null, undefined, 3])).toBe('"a,b","say ""hi""","two\nlines",,,3\r\n');
    expect(csvCell('路面坑洼，请修复')).toBe('路面坑洼，请修复');
  });

  it('writes times as the wall clock of the zone', () => {
    expect(wallTimeFormatter('Asia/Shanghai')(new Date('2026-12-05T02:03:04Z'))).toBe('2026-12-05 10:03:04');
    expect(wallTimeFormatter('Asia/Shanghai')(null)).toBe('');
  });
});

describe('who sees a citizen', () => {
  it('supervisors and admins see the number, auditors a masked one, a department none of a confidential order', () => {
    expect(citizenVisibility({ role: 'supervisor', departmentId: null }, true)).toBe('full');
    expect(citizenVisibility({ role: 'admin', departmentId: null }, false)).toBe('full');
    expect(citizenVisibility({ role: 'auditor', departmentId: null }, false)).toBe('masked');
    expect(citizenVisibility({ role: 'department', departmentId: 'water' }, false)).toBe('full');
    expect(citizenVisibility({ role: 'department', departmentId: 'water' }, true)).toBe('hidden');
  });

  it("scopes a department's filter to its own orders and leaves the others' alone", () => {
    expect(scopedFilter({ role: 'department', departmentId: 'water' }, { districtId: 'd1' })).toEqual({ districtId: 'd1', departmentScope: 'water' });
    expect(scopedFilter({ role: 'supervisor', departmentId: null }, { districtId: 'd1' })).toEqual({ districtId: 'd1' });
    expect(() => scopedFilter({ role: 'department', departmentId: null }, {})).toThrow(/without a department/);
  });
});
