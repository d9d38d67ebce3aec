// 今日通话: the agent's calls today (China time) with their talk time and rating, and the day's
// totals (calls, rated, 满意率). Loads again when `refreshKey` changes (a call ended).
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../../api';
import { translator, type Lang } from '../../i18n';
import { formatDuration } from '../../live/clock';
import { chinaClock, percent } from '../floor/floor-format';
import { CALLER_HISTORY_WORDS, wordOr } from './caller-history.messages';
import './today-calls.css';
import { TODAY_CALLS_WORDS } from './today-calls.messages';

interface DayCall {
  callId: string;
  callerNumber: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  talkSeconds: number | null;
  outcome: string;
  rating: string | null;
}

interface AgentDay {
  date: string;
  calls: DayCall[];
  totals: { calls: number; rated: number; satisfied: number; satisfiedShare: number | null; byRating: Record<string, number> };
}

/** `refreshKey` changes when a call ends, so the list loads again. */
export function TodayCalls({ lang, agentId, refreshKey }: { lang: Lang; agentId: string; refreshKey: number }) {
  const w = translator(TODAY_CALLS_WORDS, lang);
  const words = TODAY_CALLS_WORDS[lang];
  const outcomes = translator(CALLER_HISTORY_WORDS, lang);
  const [day, setDay] = useState<AgentDay | { failed: number } | null>(null);

  useEffect(() => {
    if (!agentId) return undefined;
    let current = true;
    apiGet<AgentDay>(`/api/agents/${encodeURIComponent(agentId)}/calls`)
      .then((answer) => current && setDay(answer.body ?? { failed: answer.status }))
      .catch(() => current && setDay({ failed: 0 }));
    return () => {
      current = false;
    };
  }, [agentId, refreshKey]);

  if (!agentId) return null;
  if (day && 'failed' in day) {
    return (
      <section class="today-calls" data-testid="today-calls">
        <h3>{w('title')}</h3>
        <p class="error" data-testid="today-calls-error">{w('loadFailed', { status: day.failed })}</p>
      </section>
    );
  }
  const totals = day?.totals;
  return (
    <section class="today-calls" data-testid="today-calls">
      <h3>{w('title')}</h3>
      {totals ? (
        <div class="today-totals">
          <span class="today-figure" data-testid="today-count" data-value={totals.calls}>{w('count', { n: totals.calls })}</span>
          <span class="today-figure" data-testid="today-rated" data-value={totals.rated}>{w('rated', { n: totals.rated })}</span>
          <span class="today-figure" data-testid="today-satisfied" data-value={totals.satisfiedShare ?? ''}>{w('satisfied', { share: percent(totals.satisfiedShare) })}</span>
        </div>
      ) : null}
      {totals && Object.keys(totals.byRating).length > 0 ? (
        <p class="today-ratings">
          {Object.entries(totals.byRating).map(([value, n]) => `${wordOr(w, words, `rating.${value}`)} ${n}`).join(' · ')}
        </p>
      ) : null}
      {day && day.calls.length === 0 ? <p class="empty">{w('none')}</p> : null}
      {day && day.calls.length > 0 ? (
        <table data-testid="today-list">
          <thead><tr><th>{w('time')}</th><th>{w('number')}</th><th>{w('talk')}</th><th>{w('rating')}</th></tr></thead>
          <tbody>
            {day.calls.map((c) => (
              <tr key={c.callId} data-call-id={c.callId} title={wordOr(outcomes, CALLER_HISTORY_WORDS[lang], `outcome.${c.outcome}`)}>
                <td>{chinaClock(c.startedAt)}</td>
                <td>{c.callerNumber}</td>
                <td>{c.talkSeconds === null ? (c.endedAt ? '—' : w('talking')) : formatDuration(c.talkSeconds * 1000)}</td>
                <td>{c.rating === null ? w('rating.none') : wordOr(w, words, `rating.${c.rating}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
