import { describe, expect, it } from 'vitest';
import { digitsPrompts } from '../../../src/domain/call/number-prompts.js';

const ids = (n: number) => digitsPrompts(n).map((m) => m.replace('sound:hotline/digits-', ''));

describe('numbers read out in Chinese', () => {
  it.each([
    [0, ['0']],
    [7, ['7']],
    [10, ['10']],
    [13, ['10', '3']],
    [20, ['2', '10']],
    [45, ['4', '10', '5']],
    [120, ['1', '2', '0']],
  ])('%i', (n, expected) => expect(ids(n)).toEqual(expected));
});
