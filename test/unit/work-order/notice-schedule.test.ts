// When an order's deadline notices fall, table-driven: which deadlines run in which status, the
// warning at 80 % of the clock, 催办 at the deadline, 督办 yellow and red on working days of a
// calendar with a week-long holiday and a make-up Saturday (a test calendar, not 2026's).
import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../../src/domain/calendar/working-days.js';
import { isWeekend } from '../../../src/domain/calendar/china-day.js';
import {
  checkNoticeRules,
  planNotices,
  supervisionSteps,
  type NoticeKind,
  type NoticeRules,
  type OrderDeadlines,
} from '../../../src/domain/work-order/notice-schedule.js';
import type { SupervisionLevel, WorkOrderStatus } from '../../../src/domain/work-order/work-order-types.js';

const HOLIDAYS = new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']);
const MAKE_UP_WORKDAYS = new Set(['2026-10-10']); // a Saturday
const isWorkingDay = (day: string) => MAKE_UP_WORKDAYS.has(day) || (!isWeekend(day) && !HOLIDAYS.has(day));
const add = (from: Date, n: number) => addWorkingDays(from, n, isWorkingDay);
const RULES: NoticeRules = { warningShare: 0.8, yellowAfterWorkingDays: 1, redAfterWorkingDays: 3 };
/** China time, written without the zone. */
const cst = (local: string) => new Date(`${local}+08:00`);

function order(status: WorkOrderStatus, more: Partial<OrderDeadlines> = {}): OrderDeadlines {
  return {
    status,
    createdAt: cst('2026-11-26T09:00:00'),
    dispatchedAt: cst('2026-11-26T10:00:00'),
    dispatchDueAt: cst('2026-11-26T11:00:00'),
    signDueAt: cst('2026-11-27T10:00:00'),
    replyDueAt: cst('2026-12-07T10:00:00'),
    ...more,
  };
}

/** The plan as 'deadline kind local-time' lines. */
function lines(o: OrderDeadlines, rules = RULES): string[] {
  const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  return planNotices(o, rules, add).flatMap((p) => p.notices.map((n) => `${p.deadline} ${n.kind} ${local(n.dueAt)}`));
}

describe('planNotices', () => {
  it.each<[string, OrderDeadlines, string[]]>([
    [
      'dispatched (Thu 10:00, sign by Fri 10:00, reply by Mon 7 Dec): sign and reply clocks, yellow 1 and red 3 working days late',
      order('dispatched'),
      [
        'sign warning 2026-11-27 05:12', // 10:00 + 0.8 × 24 h
        'sign reminder 2026-11-27 10:00',
        'sign supervision_yellow 2026-11-30 10:00', // Friday + 1 working day = Monday
        'sign supervision_red 2026-12-02 10:00',
        'reply warning 2026-12-05 05:12', // 10:00 + 0.8 × 264 h, on a Saturday: clock time
        'reply reminder 2026-12-07 10:00',
        'reply supervision_yellow 2026-12-08 10:00',
        'reply supervision_red 2026-12-10 10:00',
      ],
    ],
    [
      'signed: the reply clock only',
      order('signed'),
      ['reply warning 2026-12-05 05:12', 'reply reminder 2026-12-07 10:00', 'reply supervision_yellow 2026-12-08 10:00', 'reply supervision_red 2026-12-10 10:00'],
    ],
    ['in progress: the reply clock only', order('in_progress'), expect.arrayContaining(['reply reminder 2026-12-07 10:00']) as unknown as string[]],
    [
      'pending dispatch: the hotline\'s own warning and reminder, from intake (09:00 → 11:00)',
      order('pending_dispatch', { dispatchedAt: null }),
      ['dispatch warning 2026-11-26 10:36', 'dispatch reminder 2026-11-26 11:00'],
    ],
    ['accepted: the dispatch clock', order('accepted', { dispatchedAt: null }), ['dispatch warning 2026-11-26 10:36', 'dispatch reminder 2026-11-26 11:00']],
    [
      'sign due the day before the holiday week: yellow after it, red on the make-up Saturday',
      order('dispatched', { dispatchedAt: cst('2026-09-29T15:00:00'), signDueAt: cst('2026-09-30T15:00:00'), replyDueAt: null }),
      ['sign warning 2026-09-30 10:12', 'sign reminder 2026-09-30 15:00', 'sign supervision_yellow 2026-10-08 15:00', 'sign supervision_red 2026-10-10 15:00'],
    ],
    [
      'a deadline on a Saturday counts overdue days from Monday 00:00',
      order('dispatched', { dispatchedAt: cst('2026-11-27T10:00:00'), signDueAt: cst('2026-11-28T10:00:00'), replyDueAt: null }),
      ['sign warning 2026-11-28 05:12', 'sign reminder 2026-11-28 10:00', 'sign supervision_yellow 2026-12-01 00:00', 'sign supervision_red 2026-12-03 00:00'],
    ],
    ['no deadline set: nothing', order('dispatched', { signDueAt: null, replyDueAt: null }), []],
    ['a clock that starts after its deadline: no warning', order('signed', { dispatchedAt: cst('2026-12-08T00:00:00') }), expect.not.arrayContaining([expect.stringMatching(/warning/)]) as unknown as string[]],
    ...(['replied', 'surveying', 'reopen_review', 'dispute_review', 'closed', 'archived', 'merged', 'cancelled'] as const).map(
      (s): [string, OrderDeadlines, string[]] => [`${s}: no clock runs`, order(s), []],
    ),
  ])('%s', (_name, o, expected) => {
    expect(lines(o)).toEqual(expected);
  });

  it('follows the settings: warning at half the time, yellow after 2 and red after 5 working days', () => {
    expect(lines(order('dispatched', { replyDueAt: null }), { warningShare: 0.5, yellowAfterWorkingDays: 2, redAfterWorkingDays: 5 })).toEqual([
      'sign warning 2026-11-26 22:00',
      'sign reminder 2026-11-27 10:00',
      'sign supervision_yellow 2026-12-01 10:00',
      'sign supervision_red 2026-12-04 10:00',
    ]);
  });

  it('gives each deadline its own time (the reminder\'s)', () => {
    expect(planNotices(order('dispatched'), RULES, add).map((p) => [p.deadline, p.dueAt])).toEqual([
      ['sign', cst('2026-11-27T10:00:00')],
      ['reply', cst('2026-12-07T10:00:00')],
    ]);
  });
});

describe('supervisionSteps', () => {
  it.each<[NoticeKind, SupervisionLevel, number]>([
    ['supervision_yellow', 'none', 1],
    ['supervision_yellow', 'yellow', 0],
    ['supervision_yellow', 'red', 0],
    ['supervision_red', 'none', 2],
    ['supervision_red', 'yellow', 1],
    ['supervision_red', 'red', 0],
    ['warning', 'none', 0],
    ['reminder', 'none', 0],
  ])('%s on an order at %s: %i step(s)', (kind, level, steps) => {
    expect(supervisionSteps(kind, level)).toBe(steps);
  });
});

describe('checkNoticeRules', () => {
  it.each<[NoticeRules, RegExp | null]>([
    [RULES, null],
    [{ ...RULES, warningShare: 0 }, /between 0 and 1/],
    [{ ...RULES, warningShare: 1 }, /between 0 and 1/],
    [{ ...RULES, yellowAfterWorkingDays: 0 }, /yellow/],
    [{ ...RULES, yellowAfterWorkingDays: 1.5 }, /yellow/],
    [{ ...RULES, redAfterWorkingDays: 1 }, /red/],
  ])('%o → %s', (rules, problem) => {
    const found = checkNoticeRules(rules);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeNull();
  });
});
