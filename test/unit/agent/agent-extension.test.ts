import { describe, expect, it } from 'vitest';
import { agentExtensionProblem } from '../../../src/domain/agent/agent-extension.js';

const HOTLINE = '12345';

describe('agentExtensionProblem', () => {
  it.each([['2001'], ['1001'], ['1999'], ['8001'], ['200'], ['800'], ['20001'], ['94001'], ['100001'], ['999999'], ['123546']])(
    '%s can be an extension',
    (extension) => {
      expect(agentExtensionProblem(extension, HOTLINE)).toBeNull();
    },
  );

  it.each([
    ['110', /110, an emergency number/],
    ['119', /119, an emergency number/],
    ['120', /120, an emergency number/],
    ['122', /122, an emergency number/],
    ['112', /3-digit number starting with 1 or 9/],
    ['114', /3-digit number starting with 1 or 9/],
    ['911', /3-digit number starting with 1 or 9/],
    ['999', /3-digit number starting with 1 or 9/],
    ['12345', /must not start with the hotline number 12345/],
    ['123451', /must not start with the hotline number 12345/],
    ['10086', /5-digit number starting with 1, 95 or 96/],
    ['12315', /5-digit number starting with 1, 95 or 96/],
    ['95588', /5-digit number starting with 1, 95 or 96/],
    ['96110', /5-digit number starting with 1, 95 or 96/],
    ['0007790', /3 to 6 digits/],
    ['000779', /must not start with 0/],
    ['0110', /must not start with 0/],
    ['007', /must not start with 0/],
    ['*21', /3 to 6 digits/],
    ['#21', /3 to 6 digits/],
    ['21', /3 to 6 digits/],
    ['1234567', /3 to 6 digits/],
    ['２００１', /3 to 6 digits/], // full-width digits
    ['20 01', /3 to 6 digits/],
  ])('%s is refused', (extension, message) => {
    expect(agentExtensionProblem(extension, HOTLINE)).toMatch(message);
  });

  it('refuses the lines of another hotline number and lets 12345-lookalikes of this one through', () => {
    expect(agentExtensionProblem('96001', '9600')).toMatch(/hotline number 9600/);
    expect(agentExtensionProblem('960012', '9600')).toMatch(/hotline number 9600/);
    expect(agentExtensionProblem('123451', '12346')).toBeNull();
  });
});
