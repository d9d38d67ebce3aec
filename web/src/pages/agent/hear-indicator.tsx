// The large indicator that never leaves the screen (sticky at the top): 市民能听到您 (green) or
// 市民已听不到您 (grey; red-edged on hold), from the call's real bridge state only.
import type { Translate } from '../../i18n';
import type { CallerAudio } from './agent-desk-types';
import type { AgentWord } from './agent-words';

export function HearIndicator({ w, audio }: { w: Translate<AgentWord>; audio: CallerAudio | null }) {
  const hears = audio?.callerCanHear === true;
  const detail = audio?.onHold ? w('hear.onHold') : audio?.callId ? null : w('hear.idle');
  const tone = hears ? 'hears' : audio?.onHold ? 'held' : 'silent';
  return (
    <div class={`hear-indicator ${tone}`} data-testid="hear-indicator" data-hears={hears ? 'yes' : 'no'} role="status" aria-live="assertive">
      <span class="hear-dot" aria-hidden="true" />
      <strong data-testid="hear-text">{hears ? w('hear.yes') : w('hear.no')}</strong>
      {detail ? <span class="hear-detail" data-testid="hear-detail">{detail}</span> : null}
    </div>
  );
}
