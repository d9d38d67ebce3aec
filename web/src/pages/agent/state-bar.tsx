// The agent's state bar: the state and its time (ticking), 签入 / 签出, 就绪 and the not-ready
// reasons (小休 / 用餐 / 培训 / 会议 / 其他), the wrap-up countdown and a not-ready waiting for the
// end of the call, and whether the live stream is connected.
import type { Translate } from '../../i18n';
import type { LiveStatus } from '../../live/live-events';
import { formatDuration, useNow } from '../../live/clock';
import { CHOSEN_REASONS, type AgentState, type ChosenReason } from './agent-desk-types';
import type { AgentWord } from './agent-words';

interface StateBarProps {
  w: Translate<AgentWord>;
  state: AgentState | null;
  live: LiveStatus;
  busy: boolean;
  onSignIn(): void;
  onSignOut(): void;
  onReady(): void;
  onNotReady(reason: ChosenReason): void;
}

const reasonWord = (reason: string) => `reason.${reason}` as AgentWord;

function StatusText({ w, state }: { w: Translate<AgentWord>; state: AgentState }) {
  const label = w(`status.${state.status}` as AgentWord);
  if (state.status !== 'not_ready') return <>{label}</>;
  return <>{`${label} · ${w(reasonWord(state.reason))}${state.note ? `（${state.note}）` : ''}`}</>;
}

export function StateBar(p: StateBarProps) {
  const { w, state } = p;
  const now = useNow(1000);
  if (!state) return null;
  const offline = state.status === 'offline';
  const current = state.status === 'not_ready' ? state.reason : null;
  const pending = state.status === 'on_call' || state.status === 'wrap_up' ? state.pendingNotReady : null;
  return (
    <div class={`state-bar status-${state.status}`} data-testid="state-bar" aria-label={w('stateBar')}>
      <div class="state-now">
        <span class="state-name" data-testid="agent-status" data-status={state.status}>
          <StatusText w={w} state={state} />
        </span>
        {offline ? null : (
          <span class="state-time" title={w('timeInState')} data-testid="time-in-state">
            {formatDuration(now - state.since)}
          </span>
        )}
        {state.status === 'wrap_up' ? (
          <span class="wrap-up" data-testid="wrap-up-countdown">
            {state.until > now ? w('wrapUpLeft', { time: formatDuration(state.until - now) }) : w('wrapUpDone')}
          </span>
        ) : null}
        {pending ? (
          <span class="pending" data-testid="pending-not-ready">{w('pendingNotReady', { reason: w(reasonWord(pending.reason)) })}</span>
        ) : null}
        <span class={`live live-${p.live}`} data-testid="live-status">{w(`live.${p.live}`)}</span>
      </div>
      <div class="state-actions">
        {offline ? (
          <button type="button" data-testid="sign-in" disabled={p.busy} onClick={p.onSignIn}>{w('signIn')}</button>
        ) : (
          <>
            <button type="button" class={state.status === 'ready' ? 'chosen' : ''} data-testid="set-ready" disabled={p.busy || state.status === 'ready'} onClick={p.onReady}>
              {w('ready')}
            </button>
            <span class="not-ready-label">{w('notReadyAs')}</span>
            {CHOSEN_REASONS.map((reason) => (
              <button
                key={reason}
                type="button"
                class={`reason${current === reason || pending?.reason === reason ? ' chosen' : ''}`}
                data-testid={`not-ready-${reason}`}
                disabled={p.busy}
                onClick={() => p.onNotReady(reason)}
              >
                {w(reasonWord(reason))}
              </button>
            ))}
            <button type="button" class="sign-out" data-testid="sign-out" disabled={p.busy} onClick={p.onSignOut}>{w('signOut')}</button>
          </>
        )}
      </div>
    </div>
  );
}
