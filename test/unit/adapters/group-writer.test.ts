// The group commit of a store's writes: what is written while a write is in flight goes in the
// next group, in order; each write resolves with its own result; a failing group is written one
// by one so only the bad item fails; groups never exceed their limit.
import { describe, expect, it } from 'vitest';
import { createGroupWriter, valuesOfRows } from '../../../src/adapters/db/group-writer.js';

describe('group writer', () => {
  it('the first write goes alone, what comes while it is in flight goes as the next group, in order', async () => {
    const groups: number[][] = [];
    const writer = createGroupWriter<number, string>(async (items) => {
      groups.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((n) => `#${n}`);
    }, 100);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => writer.write(n)));
    expect(results).toEqual(['#1', '#2', '#3', '#4', '#5']);
    expect(groups).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('a group never holds more than its limit', async () => {
    const groups: number[][] = [];
    const writer = createGroupWriter<number, number>(async (items) => {
      groups.push(items);
      return items;
    }, 3);
    await Promise.all(Array.from({ length: 8 }, (_, i) => writer.write(i)));
    expect(groups).toEqual([[0], [1, 2, 3], [4, 5, 6], [7]]);
  });

  it('a failing group is written one by one: only the bad item fails, the others keep their order', async () => {
    const written: number[] = [];
    const writer = createGroupWriter<number, number>(async (items) => {
      await new Promise((r) => setTimeout(r, 1));
      if (items.includes(13)) throw new Error('13 refused');
      written.push(...items);
      return items;
    }, 100);
    const results = await Promise.allSettled([1, 2, 13, 4].map((n) => writer.write(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('13 refused'));
    expect(written).toEqual([1, 2, 4]);
    // and the writer goes on
    expect(await writer.write(5)).toBe(5);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => createGroupWriter(async () => [], 0)).toThrow(/maxGroup/);
  });

  it('numbers the parameters of a multi-row VALUES list with each column’s cast', () => {
    expect(valuesOfRows(2, ['', '::jsonb'])).toBe('($1, $2::jsonb), ($3, $4::jsonb)');
  });
});
