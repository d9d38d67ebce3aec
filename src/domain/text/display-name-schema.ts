// The zod schema of a name shown to people (an agent's name and group, a queue's name): no
// control, bidi, zero-width or separator character (unsafeCharacterProblem, checked before
// trimming so one at either end is refused, not cut off), trimmed, not empty, bounded. Pure.
import { z } from 'zod';
import { unsafeCharacterProblem } from './unsafe-characters.js';

export const displayName = (max: number) =>
  z
    .string()
    .superRefine((s, ctx) => {
      const problem = unsafeCharacterProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);
