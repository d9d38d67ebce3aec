// The deadline columns a transition's effects set: a clock started now (on the working-day
// calendar, by the deadline policy), all clocks cleared, or the reply deadline an approved
// extension moved. Applied in the order the lifecycle gave them.
import type { LifecycleEffect } from '../../domain/work-order/lifecycle.js';
import type { DeadlineClock, DeadlineSubject } from '../../ports/calendar/deadline-clock.js';
import type { DeadlinePatch } from '../../ports/work-order/work-order-store.js';

const COLUMN = { dispatch: 'dispatchDueAt', sign: 'signDueAt', reply: 'replyDueAt' } as const;

export const needsSubject = (effects: readonly LifecycleEffect[]): boolean => effects.some((e) => e.kind === 'start_deadline');

export function deadlinePatch(effects: readonly LifecycleEffect[], clock: DeadlineClock, subject: DeadlineSubject | null, at: Date): DeadlinePatch {
  const patch: DeadlinePatch = {};
  for (const effect of effects) {
    if (effect.kind === 'clear_deadlines') {
      patch.dispatchDueAt = null;
      patch.signDueAt = null;
      patch.replyDueAt = null;
    } else if (effect.kind === 'move_reply_deadline') {
      patch.replyDueAt = effect.until;
    } else if (effect.kind === 'start_deadline') {
      if (!subject) throw new Error('a deadline needs the order subject');
      patch[COLUMN[effect.which]] = clock.deadlineFor(effect.which, subject, at);
    }
  }
  return patch;
}

export const changesDeadlines = (patch: DeadlinePatch): boolean => Object.keys(patch).length > 0;
