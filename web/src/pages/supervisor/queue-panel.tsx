// Each skill queue now: callers waiting, the longest wait (ticking), the share answered within
// 15 s today and in the last 15 minutes, the abandon rate today.
import type { Translate } from '../../i18n';
import { formatDuration } from '../../live/clock';
import { percent } from '../floor/floor-format';
import { longestWaitMs, type FloorState } from '../floor/floor-state';
import type { SupervisorMessageKey } from './supervisor-messages';

export function QueuePanel({ floor, now, t }: { floor: FloorState; now: number; t: Translate<SupervisorMessageKey> }) {
  return (
    <section class="panel panel-wide" data-testid="queues">
      <h3>{t('queues')}</h3>
      <table class="floor-table">
        <thead>
          <tr>
            <th>{t('queue')}</th>
            <th>{t('waiting')}</th>
            <th>{t('longestWait')}</th>
            <th>{t('callbacks')}</th>
            <th>{t('offeredToday')}</th>
            <th>{t('slToday')}</th>
            <th>{t('sl15')}</th>
            <th>{t('abandonToday')}</th>
          </tr>
        </thead>
        <tbody>
          {floor.queues.map((q) => {
            const wait = longestWaitMs(q, now);
            return (
              <tr key={q.queueId} data-testid={`queue-${q.queueId}`}>
                <td>{q.name ?? q.queueId}</td>
                <td class={q.waiting > 0 ? 'num hot' : 'num'} data-testid={`queue-waiting-${q.queueId}`}>{q.waiting}</td>
                <td class={wait > 15_000 ? 'num hot' : 'num'} data-testid={`queue-longest-${q.queueId}`}>{formatDuration(wait)}</td>
                <td class="num">{q.callbacks}</td>
                <td class="num">{q.today.offered}</td>
                <td class="num" data-testid={`queue-sl-today-${q.queueId}`}>{percent(q.today.serviceLevel)}</td>
                <td class="num">{percent(q.last15min.serviceLevel)}</td>
                <td class="num" data-testid={`queue-abandon-${q.queueId}`}>{percent(q.today.abandonRate)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
