import { describe, expect, it } from 'vitest';
import { afterAttempt, unansweredOutcome, type AttemptRules } from '../../../src/domain/survey/attempt-policy.js';
import { parseQuietHours } from '../../../src/domain/survey/quiet-hours.js';
import type { AttemptOutcome } from '../../../src/domain/survey/survey-types.js';

const rules: AttemptRules = { quietHours: parseQuietHours('21:00-08:00'), timeZone: 'Asia/Shanghai', maxAttempts: 3, retryMs: 30 * 60_000 };
const sh = (local: string) => new Date(`${local}+08:00`);

describe('after an attempt', () => {
  it.each<[string, AttemptOutcome, number, string, ReturnType<typeof afterAttempt>]>([
    ['both answers: completed', 'completed', 1, '10:00', { kind: 'finish', status: 'completed' }],
    ['Q1 only: failed with the partial answer kept', 'partial', 1, '10:00', { kind: 'finish', status: 'failed' }],
    ['picked up, no keys: failed, not called again', 'not_answered', 1, '10:00', { kind: 'finish', status: 'failed' }],
    ['number does not exist: failed at once', 'invalid_number', 1, '10:00', { kind: 'finish', status: 'failed' }],
    ['no answer: again after the spacing', 'no_answer', 1, '10:00', { kind: 'retry', at: sh('2026-11-22T10:30:00') }],
    ['busy: again after the spacing', 'busy', 2, '10:00', { kind: 'retry', at: sh('2026-11-22T10:30:00') }],
    ['network failure: again', 'failed', 1, '10:00', { kind: 'retry', at: sh('2026-11-22T10:30:00') }],
    ['lost by a restart: again', 'interrupted', 1, '10:00', { kind: 'retry', at: sh('2026-11-22T10:30:00') }],
    ['busy on the last attempt: not reached', 'busy', 3, '10:00', { kind: 'finish', status: 'not_reached' }],
    ['no answer on the last attempt: not reached', 'no_answer', 3, '10:00', { kind: 'finish', status: 'not_reached' }],
    ['a retry that would fall at 21:10 waits for 08:00', 'no_answer', 1, '20:40', { kind: 'retry', at: sh('2026-11-23T08:00:00') }],
    ['a retry at 20:59 is still allowed', 'busy', 1, '20:29', { kind: 'retry', at: sh('2026-11-22T20:59:00') }],
  ])('%s', (_what, outcome, attemptsMade, endedLocal, expected) => {
    expect(afterAttempt(outcome, attemptsMade, sh(`2026-11-22T${endedLocal}:00`), rules)).toEqual(expected);
  });

  it('one attempt only: a busy line is final', () => {
    expect(afterAttempt('busy', 1, sh('2026-11-22T10:00:00'), { ...rules, maxAttempts: 1 })).toEqual({ kind: 'finish', status: 'not_reached' });
  });
});

describe('an unanswered call by its hang-up cause', () => {
  it.each([
    [17, 'busy'],
    [19, 'no_answer'],
    [18, 'no_answer'],
    [21, 'no_answer'],
    [16, 'no_answer'],
    [0, 'no_answer'],
    [1, 'invalid_number'],
    [28, 'invalid_number'],
    [34, 'failed'],
    [38, 'failed'],
    [127, 'failed'],
  ])('cause %i is %s', (cause, outcome) => {
    expect(unansweredOutcome(cause)).toBe(outcome);
  });
});
