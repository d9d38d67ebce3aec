// Agents per state (counts) and each agent with the time in state (ticking) and the call.
import type { Translate } from '../../i18n';
import { formatDuration } from '../../live/clock';
import { floorKey, type FloorMessageKey } from '../floor/floor-messages';
import { agentsByStatus, type FloorState } from '../floor/floor-state';
import type { AgentStatus } from '../floor/floor-types';
import type { SupervisorMessageKey } from './supervisor-messages';

const SHOWN: AgentStatus[] = ['ready', 'ringing', 'on_call', 'wrap_up', 'not_ready', 'offline'];

export function AgentsPanel(props: { floor: FloorState; now: number; t: Translate<SupervisorMessageKey>; ft: Translate<FloorMessageKey> }) {
  const { floor, now, t, ft } = props;
  const counts = agentsByStatus(floor.agents);
  const agents = [...floor.agents].sort((a, b) => SHOWN.indexOf(a.status) - SHOWN.indexOf(b.status) || (a.agentId < b.agentId ? -1 : 1));
  const reasonOf = (reason: string | null) => {
    const key = reason ? floorKey('reason', reason) : null;
    return key ? ft(key) : (reason ?? '');
  };
  return (
    <section class="panel" data-testid="agents">
      <h3>{t('agents')}</h3>
      <ul class="state-counts">
        {SHOWN.map((s) => (
          <li key={s} class={`state state-${s}`} data-testid={`agents-${s}`}>
            {ft(`status.${s}`)} <strong>{counts[s]}</strong>
          </li>
        ))}
      </ul>
      {agents.length === 0 ? (
        <p class="muted">{t('noAgents')}</p>
      ) : (
        <table class="floor-table">
          <thead>
            <tr>
              <th>{t('agent')}</th>
              <th>{t('extension')}</th>
              <th>{t('state')}</th>
              <th>{t('timeInState')}</th>
              <th>{t('call')}</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a.agentId} data-testid={`agent-${a.agentId}`}>
                <td>{a.name ?? a.agentId}</td>
                <td>{a.extension ?? ''}</td>
                <td>
                  <span class={`state state-${a.status}`}>{ft(`status.${a.status}`)}</span>
                  {a.status === 'not_ready' ? <span class="muted"> · {reasonOf(a.reason)}</span> : null}
                </td>
                <td class="num">{formatDuration(now - Date.parse(a.since))}</td>
                <td>{a.callId ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
