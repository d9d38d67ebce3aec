// The day's calls abandoned in a queue (GET /api/floor/abandoned), newest first, with the
// callback (回拨) each has and how it stands; read again after calls end and every half minute.
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../../api';
import type { Translate } from '../../i18n';
import { formatDuration } from '../../live/clock';
import { chinaClock } from '../floor/floor-format';
import { floorKey, type FloorMessageKey } from '../floor/floor-messages';
import type { FloorState } from '../floor/floor-state';
import type { AbandonedCall, AbandonedList } from '../floor/floor-types';
import type { SupervisorMessageKey } from './supervisor-messages';

const EVERY_MS = 30_000;
const AFTER_END_MS = 1_000;

function CallbackCell({ call, ft, t }: { call: AbandonedCall; ft: Translate<FloorMessageKey>; t: Translate<SupervisorMessageKey> }) {
  const cb = call.callback;
  if (!cb) return <span class="muted">{ft('callback.none')}</span>;
  const status = floorKey('callback', cb.status);
  const origin = floorKey('callbackOrigin', cb.origin);
  return (
    <span class={`callback callback-${cb.status}`}>
      {status ? ft(status) : cb.status}
      <span class="muted"> · {origin ? ft(origin) : cb.origin} · {t('attempts', { n: cb.attempts })}</span>
    </span>
  );
}

export function AbandonedPanel(props: { floor: FloorState; endedCalls: number; t: Translate<SupervisorMessageKey>; ft: Translate<FloorMessageKey> }) {
  const { floor, endedCalls, t, ft } = props;
  const [calls, setCalls] = useState<AbandonedCall[] | null>(null);

  useEffect(() => {
    const load = () => void apiGet<AbandonedList>('/api/floor/abandoned').then((a) => a.body && setCalls(a.body.calls));
    const soon = setTimeout(load, endedCalls === 0 ? 0 : AFTER_END_MS);
    const timer = setInterval(load, EVERY_MS);
    return () => {
      clearTimeout(soon);
      clearInterval(timer);
    };
  }, [endedCalls]);

  const queueName = (id: string | null) => (id ? (floor.queues.find((q) => q.queueId === id)?.name ?? id) : '');
  const newestFirst = calls ? [...calls].reverse() : [];
  return (
    <section class="panel" data-testid="abandoned">
      <h3>{t('abandoned')}</h3>
      {calls && calls.length === 0 ? <p class="muted">{t('noAbandoned')}</p> : null}
      {newestFirst.length > 0 ? (
        <table class="floor-table">
          <thead>
            <tr>
              <th>{t('at')}</th>
              <th>{t('caller')}</th>
              <th>{t('queue')}</th>
              <th>{t('waited')}</th>
              <th>{t('callback')}</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((c) => (
              <tr key={c.callId} data-testid="abandoned-row" data-call-id={c.callId}>
                <td>{chinaClock(c.endedAt ?? c.startedAt)}</td>
                <td data-testid="abandoned-number">{c.callerNumber}</td>
                <td>{queueName(c.queueId)}</td>
                <td class="num">{c.waitedSeconds === null ? '' : formatDuration(c.waitedSeconds * 1000)}</td>
                <td data-testid="abandoned-callback"><CallbackCell call={c} ft={ft} t={t} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
