// The marker that says whether the page is live: 实时 (the event stream is caught up), or
// 重新连接中… while the browser reconnects (it catches up by itself once back).
import type { LiveStatus } from '../../live/live-events';
import type { Translate } from '../../i18n';
import type { FloorMessageKey } from './floor-messages';

export function LiveMarker({ status, t }: { status: LiveStatus; t: Translate<FloorMessageKey> }) {
  return (
    <span class={`live-marker live-${status}`} data-testid="live-status" data-status={status}>
      {t(`live.${status}`)}
    </span>
  );
}
