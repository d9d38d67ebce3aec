// How urgently a waiting caller is served: the queue's base priority plus the boosts that apply,
// with the reasons, so the call's timeline can say why the caller went ahead. Pure; time passed in.
import type { PriorityRules } from './queue-config.js';

export interface CallerFacts {
  callerNumber: string;
  /** The call came in on the enterprise line (企业专线). */
  isEnterpriseLine: boolean;
  /** ms since the epoch. */
  now: number;
  /** Start times (ms) of this number's earlier calls, any order; only the recent ones count. */
  previousCallTimes: readonly number[];
}

export type PriorityReason =
  | { code: 'enterprise_line'; boost: number }
  | { code: 'listed_number'; boost: number }
  | { code: 'repeat_caller'; boost: number; withinHours: number; earlierCalls: number; lastCallAt: number };

export interface CallerPriority {
  /** Higher is served first. */
  priority: number;
  /** The boosts that applied, in the order above; empty when only the base applies. */
  reasons: PriorityReason[];
}

const HOUR_MS = 3_600_000;

/** Digits only, without a +86 / 0086 / 86 country prefix before a mobile number. */
export function normalizeNumber(number: string): string {
  const digits = number.replace(/\D/g, '');
  return digits.replace(/^(?:0086|86)(?=1\d{10}$)/, '');
}

export function callerPriority(facts: CallerFacts, rules: PriorityRules): CallerPriority {
  const reasons: PriorityReason[] = [];
  const { enterpriseLine, listedNumbers, repeatCaller } = rules;

  if (facts.isEnterpriseLine && enterpriseLine.boost > 0) {
    reasons.push({ code: 'enterprise_line', boost: enterpriseLine.boost });
  }

  const caller = normalizeNumber(facts.callerNumber);
  if (listedNumbers.boost > 0 && caller !== '' && listedNumbers.numbers.some((n) => normalizeNumber(n) === caller)) {
    reasons.push({ code: 'listed_number', boost: listedNumbers.boost });
  }

  // a call exactly `withinHours` ago still counts; a time in the future (clock skew) does not
  const windowStart = facts.now - repeatCaller.withinHours * HOUR_MS;
  const recent = facts.previousCallTimes.filter((t) => t >= windowStart && t <= facts.now);
  if (repeatCaller.boost > 0 && recent.length > 0) {
    reasons.push({
      code: 'repeat_caller',
      boost: repeatCaller.boost,
      withinHours: repeatCaller.withinHours,
      earlierCalls: recent.length,
      lastCallAt: Math.max(...recent),
    });
  }

  return { priority: rules.base + reasons.reduce((sum, r) => sum + r.boost, 0), reasons };
}
