// The wallboard (大屏, /wallboard): big numbers for the floor's big screen — per queue the callers
// waiting, the longest wait (ticking), the share answered within 15 s today and in the last 15
// minutes; agents ready, on a call, in wrap-up, not ready; the alerts. Live through the events,
// with a marker that says whether it is live or reconnecting.
import { useMemo } from 'preact/hooks';
import { translator, type Translate } from '../../i18n';
import { formatDuration, useNow } from '../../live/clock';
import { AlertsList } from '../floor/alerts-list';
import { chinaClock, percent } from '../floor/floor-format';
import { FLOOR_MESSAGES } from '../floor/floor-messages';
import { agentsByStatus, longestWaitMs, type FloorState } from '../floor/floor-state';
import type { QueueOnFloor } from '../floor/floor-types';
import { LiveMarker } from '../floor/live-marker';
import { useFloor } from '../floor/use-floor';
import '../floor/floor.css';
import type { PageProps } from '../page-props';
import { WALLBOARD_MESSAGES, type WallboardMessageKey } from './wallboard-messages';
import './wallboard.css';

type T = Translate<WallboardMessageKey>;

function Tile({ label, value, testId, hot = false }: { label: string; value: string | number; testId: string; hot?: boolean }) {
  return (
    <div class={hot ? 'tile hot-tile' : 'tile'}>
      <div class="tile-value" data-testid={testId}>{value}</div>
      <div class="tile-label">{label}</div>
    </div>
  );
}

function QueueRow({ queue, now, t }: { queue: QueueOnFloor; now: number; t: T }) {
  const wait = longestWaitMs(queue, now);
  const id = queue.queueId;
  return (
    <section class="wb-queue" data-testid={`wb-queue-${id}`}>
      <h3>{queue.name ?? id}</h3>
      <div class="tiles">
        <Tile label={t('waiting')} value={queue.waiting} testId={`wb-waiting-${id}`} hot={queue.waiting > 0} />
        <Tile label={t('longestWait')} value={formatDuration(wait)} testId={`wb-longest-${id}`} hot={wait > 15_000} />
        <Tile label={t('slToday')} value={percent(queue.today.serviceLevel)} testId={`wb-sl-today-${id}`} />
        <Tile label={t('sl15')} value={percent(queue.last15min.serviceLevel)} testId={`wb-sl-15-${id}`} />
      </div>
    </section>
  );
}

function AgentTiles({ floor, t }: { floor: FloorState; t: T }) {
  const c = agentsByStatus(floor.agents);
  return (
    <section class="wb-agents">
      <div class="tiles">
        <Tile label={t('agentsReady')} value={c.ready} testId="wb-agents-ready" />
        <Tile label={t('agentsOnCall')} value={c.on_call + c.ringing} testId="wb-agents-on-call" />
        <Tile label={t('agentsWrapUp')} value={c.wrap_up} testId="wb-agents-wrap-up" />
        <Tile label={t('agentsNotReady')} value={c.not_ready} testId="wb-agents-not-ready" />
      </div>
    </section>
  );
}

export function WallboardPage({ t: common, lang }: PageProps) {
  const t = useMemo(() => translator(WALLBOARD_MESSAGES, lang), [lang]);
  const ft = useMemo(() => translator(FLOOR_MESSAGES, lang), [lang]);
  const { floor, status, failed } = useFloor();
  const now = useNow(1000);
  return (
    <section class="wallboard" data-testid="wallboard">
      <div class="page-head">
        <h2>{t('title')}</h2>
        <LiveMarker status={status} t={ft} />
        <span class="wb-clock">{t('clock', { time: chinaClock(new Date(now).toISOString()) })}</span>
      </div>
      {failed ? <p class="error" data-testid="floor-failed">{ft('loadFailed')}</p> : null}
      {!floor ? (
        <p class="loading">{common('loading')}</p>
      ) : (
        <>
          {floor.queues.map((q) => <QueueRow key={q.queueId} queue={q} now={now} t={t} />)}
          <AgentTiles floor={floor} t={t} />
          <AlertsList floor={floor} t={ft} big />
        </>
      )}
    </section>
  );
}
