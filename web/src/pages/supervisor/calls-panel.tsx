// Calls in progress: caller, where the call stands (greeting, queued, agent ringing, with an
// agent) and for how long; on a call with an agent, 监听 / 耳语 / 强插 ring the supervisor's
// extension, then the session's phase, a switch of mode and 结束.
import type { Translate } from '../../i18n';
import { formatDuration } from '../../live/clock';
import { chinaClock } from '../floor/floor-format';
import { callStage, type FloorState } from '../floor/floor-state';
import type { CallOnFloor } from '../floor/floor-types';
import type { SupervisorMessageKey } from './supervisor-messages';
import { EXTENSION_PATTERN, SUPERVISION_MODES, type Supervision } from './use-supervision';

type T = Translate<SupervisorMessageKey>;

function errorText(status: number, t: T): string {
  return status === 400 || status === 404 || status === 409 || status === 502 ? t(`error.${status}`) : t('error.other');
}

function SupervisionControls({ call, sup, t }: { call: CallOnFloor; sup: Supervision; t: T }) {
  const session = sup.sessions[call.callId];
  const error = sup.errors[call.callId];
  const live = session && session.phase !== 'ended';
  const extensionOk = EXTENSION_PATTERN.test(sup.extension);
  return (
    <div class="supervision" data-testid={`supervision-${call.callId}`}>
      {SUPERVISION_MODES.map((mode) => (
        <button
          type="button"
          key={mode}
          class={live && session.mode === mode ? 'mode active' : 'mode'}
          data-testid={`supervise-${mode}`}
          disabled={!extensionOk || (live && session.mode === mode)}
          title={extensionOk ? '' : t('extensionNeeded')}
          onClick={() => void (live ? sup.switchMode(call.callId, mode) : sup.start(call.callId, mode))}
        >
          {t(`mode.${mode}`)}
        </button>
      ))}
      {live ? (
        <button type="button" class="end" data-testid="supervise-end" onClick={() => void sup.stop(call.callId)}>{t('endSupervision')}</button>
      ) : null}
      {session ? (
        <span class={`phase phase-${session.phase}`} data-testid="supervision-phase">
          {session.phase === 'ringing'
            ? t('phase.ringing')
            : session.phase === 'active'
              ? t('phase.active', { mode: t(`mode.${session.mode}`) })
              : t('phase.ended', { reason: session.endReason ? t(`endReason.${session.endReason}` as SupervisorMessageKey) : '' })}
        </span>
      ) : null}
      {error ? <span class="error" data-testid="supervision-error">{errorText(error, t)}</span> : null}
    </div>
  );
}

export function CallsPanel({ floor, now, sup, t }: { floor: FloorState; now: number; sup: Supervision; t: T }) {
  const calls = [...floor.callsInProgress].sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1));
  const agentName = (id: string | null) => (id ? (floor.agents.find((a) => a.agentId === id)?.name ?? id) : '');
  return (
    <section class="panel panel-wide" data-testid="calls">
      <h3>{t('calls')}</h3>
      <label class="extension">
        {t('myExtension')}
        <input
          data-testid="supervisor-extension"
          inputMode="numeric"
          maxLength={8}
          value={sup.extension}
          onInput={(e) => sup.setExtension((e.target as HTMLInputElement).value.trim())}
        />
        <span class="muted">{t('extensionHint')}</span>
      </label>
      {calls.length === 0 ? (
        <p class="muted">{t('noCalls')}</p>
      ) : (
        <table class="floor-table">
          <thead>
            <tr>
              <th>{t('caller')}</th>
              <th>{t('dialed')}</th>
              <th>{t('started')}</th>
              <th>{t('duration')}</th>
              <th>{t('stage')}</th>
              <th>{t('agent')}</th>
              <th>{t('supervise')}</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((c) => {
              const stage = callStage(c);
              return (
                <tr key={c.callId} data-testid="call-row" data-call-id={c.callId}>
                  <td>{c.callerNumber ?? ''}</td>
                  <td>{c.dialedNumber ?? ''}</td>
                  <td>{chinaClock(c.startedAt)}</td>
                  <td class="num">{formatDuration(now - Date.parse(c.startedAt))}</td>
                  <td data-testid="call-stage">{t(`stage.${stage}`)}</td>
                  <td>{agentName(c.agentId)}</td>
                  <td>{stage === 'talking' || sup.sessions[c.callId] ? <SupervisionControls call={c} sup={sup} t={t} /> : null}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
