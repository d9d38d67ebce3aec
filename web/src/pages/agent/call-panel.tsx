// The call in hand: the pop (caller number, queue, wait since the caller joined the queue, the
// callback marker) and, while on the call, 保持 / 恢复, 结束服务, 挂断 and the emergency handover
// to 110 / 119 / 120 / 122 (asked to confirm first, on the page).
import { useState } from 'preact/hooks';
import type { Translate } from '../../i18n';
import { formatDuration, useNow } from '../../live/clock';
import { EMERGENCY_NUMBERS, type AgentState, type CallerAudio, type CallOffer, type EmergencyNumber } from './agent-desk-types';
import { waitedMs } from './agent-desk-rules';
import type { AgentWord } from './agent-words';

interface CallPanelProps {
  w: Translate<AgentWord>;
  state: AgentState;
  offer: CallOffer | null;
  audio: CallerAudio | null;
  busy: boolean;
  emergency: EmergencyNumber | null;
  onHold(on: boolean): void;
  onEndService(): void;
  onHangup(): void;
  onHandOver(number: EmergencyNumber): void;
}

function queueName(w: Translate<AgentWord>, queueId: string): string {
  return queueId === 'general' || queueId === 'enterprise' ? `${w(`queue.${queueId}`)} (${queueId})` : queueId;
}

function CallPop({ w, state, offer }: { w: Translate<AgentWord>; state: AgentState; offer: CallOffer }) {
  const now = useNow(1000);
  const waited = waitedMs(offer, state.status, now);
  return (
    <dl class="call-pop" data-testid="call-pop">
      <div>
        <dt>{w('callerNumber')}</dt>
        <dd class="caller-number" data-testid="caller-number">{offer.callerNumber ?? w('noNumber')}</dd>
      </div>
      {offer.queueId ? (
        <div>
          <dt>{w('queue')}</dt>
          <dd data-testid="call-queue">{queueName(w, offer.queueId)}</dd>
        </div>
      ) : null}
      {waited !== null ? (
        <div>
          <dt>{w('waited')}</dt>
          <dd data-testid="call-waited">{formatDuration(waited)}</dd>
        </div>
      ) : null}
      {offer.callback ? <span class="callback-marker" data-testid="callback-marker">{w('callbackMarker')}</span> : null}
    </dl>
  );
}

function EmergencyButtons({ w, busy, onHandOver }: { w: Translate<AgentWord>; busy: boolean; onHandOver(number: EmergencyNumber): void }) {
  const [asking, setAsking] = useState<EmergencyNumber | null>(null);
  return (
    <div class="emergency" data-testid="emergency">
      <span class="emergency-label">{w('emergency')}</span>
      {EMERGENCY_NUMBERS.map((number) => (
        <button key={number} type="button" class="emergency-number" data-testid={`emergency-${number}`} disabled={busy} onClick={() => setAsking(number)}>
          {w(`emergency.${number}`)}
        </button>
      ))}
      {asking ? (
        <div class="confirm" role="alertdialog" data-testid="emergency-confirm">
          <p>{w('emergencyConfirm', { service: w(`emergency.${asking}`) })}</p>
          <button
            type="button"
            data-testid="emergency-confirm-yes"
            onClick={() => {
              onHandOver(asking);
              setAsking(null);
            }}
          >
            {w('confirm')}
          </button>
          <button type="button" class="secondary" data-testid="emergency-confirm-no" onClick={() => setAsking(null)}>{w('cancel')}</button>
        </div>
      ) : null}
    </div>
  );
}

export function CallPanel(p: CallPanelProps) {
  const { w, state, audio } = p;
  const onCall = state.status === 'on_call';
  return (
    <section class={`call-panel status-${state.status}`} data-testid="call-panel">
      <h3>{state.status === 'ringing' ? w('popTitle') : w('callPanel')}</h3>
      {p.offer ? <CallPop w={w} state={state} offer={p.offer} /> : null}
      {onCall ? (
        <>
          <div class="call-actions">
            {audio?.onHold ? (
              <button type="button" data-testid="unhold" disabled={p.busy} onClick={() => p.onHold(false)}>{w('unhold')}</button>
            ) : (
              <button type="button" class="secondary" data-testid="hold" disabled={p.busy} onClick={() => p.onHold(true)}>{w('hold')}</button>
            )}
            <button type="button" class="end-service" data-testid="end-service" disabled={p.busy} onClick={p.onEndService}>{w('endService')}</button>
            <button type="button" class="secondary" data-testid="hangup" disabled={p.busy} onClick={p.onHangup}>{w('hangup')}</button>
          </div>
          <EmergencyButtons w={w} busy={p.busy} onHandOver={p.onHandOver} />
          {p.emergency ? <p class="notice" data-testid="emergency-started">{w('emergencyStarted', { number: p.emergency })}</p> : null}
        </>
      ) : null}
    </section>
  );
}
