// The supervisor console (班长监控台, /supervisor): the live floor — each queue's waiting callers,
// longest wait and service level, agents per state with the time in state, calls in progress
// with 监听 / 耳语 / 强插, alerts —, the day's charts and the abandoned calls with their callbacks.
import { useMemo } from 'preact/hooks';
import { translator } from '../../i18n';
import { useNow } from '../../live/clock';
import { AlertsList } from '../floor/alerts-list';
import { FLOOR_MESSAGES } from '../floor/floor-messages';
import { LiveMarker } from '../floor/live-marker';
import { useFloor } from '../floor/use-floor';
import '../floor/floor.css';
import type { PageProps } from '../page-props';
import { AbandonedPanel } from './abandoned-panel';
import { AgentsPanel } from './agents-panel';
import { CallsPanel } from './calls-panel';
import { DayCharts } from './day-charts';
import { QueuePanel } from './queue-panel';
import { SUPERVISOR_MESSAGES } from './supervisor-messages';
import { useSupervision } from './use-supervision';
import './supervisor.css';

export function SupervisorPage({ t: common, lang, session }: PageProps) {
  const t = useMemo(() => translator(SUPERVISOR_MESSAGES, lang), [lang]);
  const ft = useMemo(() => translator(FLOOR_MESSAGES, lang), [lang]);
  const { floor, status, failed, endedCalls } = useFloor();
  const sup = useSupervision(session.csrfToken);
  const now = useNow(1000);

  return (
    <section class="supervisor" data-testid="supervisor">
      <div class="page-head">
        <h2>{t('title')}</h2>
        <LiveMarker status={status} t={ft} />
        <a href="/wallboard" class="muted">{t('wallboardLink')}</a>
      </div>
      {failed ? <p class="error" data-testid="floor-failed">{ft('loadFailed')}</p> : null}
      {!floor ? (
        <p class="loading">{common('loading')}</p>
      ) : (
        <div class="supervisor-grid">
          <QueuePanel floor={floor} now={now} t={t} />
          <AlertsList floor={floor} t={ft} />
          <AgentsPanel floor={floor} now={now} t={t} ft={ft} />
          <CallsPanel floor={floor} now={now} sup={sup} t={t} />
          <DayCharts endedCalls={endedCalls} t={t} />
          <AbandonedPanel floor={floor} endedCalls={endedCalls} t={t} ft={ft} />
        </div>
      )}
    </section>
  );
}
