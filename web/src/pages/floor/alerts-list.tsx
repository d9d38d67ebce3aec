// The floor's open alerts (a wait past 15 s, a long not-ready, a new incident), raised and
// cleared live; names come from the floor (queue and agent names), text only.
import type { Translate } from '../../i18n';
import { chinaClock } from './floor-format';
import { floorKey, type FloorMessageKey } from './floor-messages';
import type { FloorState } from './floor-state';
import type { FloorAlert } from './floor-types';

function alertText(alert: FloorAlert, floor: FloorState, t: Translate<FloorMessageKey>): string {
  switch (alert.kind) {
    case 'long_wait': {
      const queue = floor.queues.find((q) => q.queueId === alert.queueId);
      return t('alert.long_wait', { queue: queue?.name ?? alert.queueId, count: alert.callersPastLimit });
    }
    case 'long_not_ready': {
      const agent = floor.agents.find((a) => a.agentId === alert.agentId);
      const reason = floorKey('reason', alert.reason);
      return t('alert.long_not_ready', { agent: agent?.name ?? alert.agentId, reason: reason ? t(reason) : alert.reason });
    }
    case 'incident': {
      const kind = floorKey('incident', alert.incidentKind);
      const severity = floorKey('severity', alert.severity);
      return t('alert.incident', { kind: kind ? t(kind) : alert.incidentKind, severity: severity ? t(severity) : alert.severity, callId: alert.callId });
    }
    default:
      return '';
  }
}

export function AlertsList({ floor, t, big = false }: { floor: FloorState; t: Translate<FloorMessageKey>; big?: boolean }) {
  return (
    <section class={big ? 'alerts alerts-big' : 'alerts'} data-testid="alerts">
      <h3>{t('alerts')}</h3>
      {floor.alerts.length === 0 ? (
        <p class="muted" data-testid="no-alerts">{t('noAlerts')}</p>
      ) : (
        <ul>
          {floor.alerts.map((a) => (
            <li key={a.key} class={`alert alert-${a.kind}`} data-testid="alert" data-key={a.key}>
              <span>{alertText(a, floor, t)}</span>
              <span class="muted"> · {t('alertSince', { time: chinaClock(a.since) })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
