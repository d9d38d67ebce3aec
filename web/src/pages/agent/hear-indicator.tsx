// The large indicator that never leaves the screen (sticky at the top): 市民能听到您 (green) or
// 市民已听不到您 (grey; red-edged on hold), from the call's real bridge state only.
import type { Translate } from '../../i18n';
import { hearingOf } from './agent-desk-rules';
import type { AgentStatus, CallerAudio } from './agent-desk-types';
import type { AgentWord } from './agent-words';

export function HearIndicator({ w, audio, status }: { w: Translate<AgentWord>; audio: CallerAudio | null; status: AgentStatus }) {
  const { hears, tone, detail } = hearingOf(audio, status);
  return (
    <div class={`hear-indicator ${tone}`} data-testid="hear-indicator" data-hears={hears ? 'yes' : 'no'} role="status" aria-live="assertive">
      <span class="hear-dot" aria-hidden="true" />
      <strong data-testid="hear-text">{hears ? w('hear.yes') : w('hear.no')}</strong>
      {detail ? <span class="hear-detail" data-testid="hear-detail">{w(detail)}</span> : null}
    </div>
  );
}
