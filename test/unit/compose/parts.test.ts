// The composition root's helpers: a late link is used only once bound, and parts stop in reverse
// order even when one of them fails.
import { describe, expect, it } from 'vitest';
import { late } from '../../../src/compose/late.js';
import { stopInReverse, type Part } from '../../../src/compose/part.js';

describe('late', () => {
  it('names the part used before it is built, and hands it out once bound', () => {
    const link = late<{ kick(): string }>('the ACD matcher');
    expect(() => link.get()).toThrow('the ACD matcher is used before it is built');
    expect(link.peek()).toBeUndefined();
    const matcher = { kick: () => 'kicked' };
    expect(link.bind(matcher)).toBe(matcher);
    expect(link.get().kick()).toBe('kicked');
    expect(link.peek()).toBe(matcher);
  });

  it('refuses a second binding', () => {
    const link = late<number>('the call dispatcher');
    link.bind(1);
    expect(() => link.bind(2)).toThrow('the call dispatcher is built twice');
    expect(link.get()).toBe(1);
  });
});

describe('stopInReverse', () => {
  it('stops the parts last to first, waits for each, and goes on past a failing one', async () => {
    const stopped: string[] = [];
    const failures: string[] = [];
    const part = (name: string, fail = false): Part => ({
      name,
      stop: async () => {
        await new Promise((r) => setTimeout(r, 1));
        if (fail) throw new Error(`${name} broke`);
        stopped.push(name);
      },
    });
    await stopInReverse([part('records'), part('redis', true), { name: 'no stop' }, part('http')], (name, err) => failures.push(`${name}: ${(err as Error).message}`));
    expect(stopped).toEqual(['http', 'records']);
    expect(failures).toEqual(['redis: redis broke']);
  });
});
