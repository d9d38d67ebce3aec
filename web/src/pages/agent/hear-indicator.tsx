// The large indicator that never leaves the screen (sticky at the top): 市民能听到您 (green) or
// 市民已听不到您 (grey; red-edged on hold), from the call's real bridge state only.
import type { Translate } from '../../i18n';
import type { AgentStatus, CallerAudio } from './agent-desk-types';
import type { AgentWord } from './agent-words';

/** Why nobody hears the agent, when the bridge says so: on hold, the service ended, no call. */
function detailOf(w: Translate<AgentWord>, audio: CallerAudio | null, status: AgentStatus): string | null {
  if (audio?.callerCanHear) return null;
  if (audio?.onHold) return w('hear.onHold');
  if (status === 'wrap_up') return w('hear.serviceEnded');
  return audio?.callId ? null : w('hear.idle');
}

export function HearIndicator({ w, audio, status }: { w: Translate<AgentWord>; audio: CallerAudio | null; status: AgentStatus }) {
  const hears = audio?.callerCanHear === true;
  const detail = detailOf(w, audio, status);
  const tone = hears ? 'hears' : audio?.onHold ? 'held' : 'silent';
  return (
    <div class={`hear-indicator ${tone}`} data-testid="hear-indicator" data-hears={hears ? 'yes' : 'no'} role="status" aria-live="assertive">
      <span class="hear-dot" aria-hidden="true" />
      <strong data-testid="hear-text">{hears ? w('hear.yes') : w('hear.no')}</strong>
      {detail ? <span class="hear-detail" data-testid="hear-detail">{detail}</span> : null}
    </div>
  );
}
