// The agent desktop's view of earlier calls: an agent's calls of a China day with the day's
// rating totals (今日通话, 满意率), and a caller number's earlier calls (重复来电).
import { agentDayCall, agentDayTotals, type AgentDayCall, type AgentDayTotals } from '../../domain/call/agent-day.js';
import type { CalendarDay } from '../../domain/calendar/china-day.js';
import { chinaDayOf, dayBounds } from '../../domain/floor/day-bins.js';
import type { CallerCall, CallHistory } from '../../ports/call/call-history.js';

/** More calls than an agent takes in a day; the list stops there. */
export const AGENT_DAY_MAX_CALLS = 1000;

export interface AgentDay {
  agentId: string;
  date: CalendarDay;
  timeZone: 'Asia/Shanghai';
  calls: AgentDayCall[];
  totals: AgentDayTotals;
}

export interface CallHistoryView {
  /** The agent's calls of `date` (default: today in China), newest first. */
  agentDay(agentId: string, date?: CalendarDay): Promise<AgentDay>;
  callerCalls(number: string, limit: number): Promise<CallerCall[]>;
}

export function createCallHistory(deps: { store: CallHistory; now: () => Date }): CallHistoryView {
  return {
    async agentDay(agentId, date) {
      const day = date ?? chinaDayOf(deps.now());
      const { from, to } = dayBounds(day);
      const calls = (await deps.store.agentCalls(agentId, from, to, AGENT_DAY_MAX_CALLS)).map(agentDayCall);
      return { agentId, date: day, timeZone: 'Asia/Shanghai', calls, totals: agentDayTotals(calls) };
    },
    callerCalls: (number, limit) => deps.store.callerCalls(number, limit),
  };
}
