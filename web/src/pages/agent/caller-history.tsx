// The repeat-caller marker: a number's earlier calls and work orders (placeholder until it is built).
import type { Lang } from '../../i18n';

export function CallerHistory(_props: { lang: Lang; number: string | null; currentCallId: string | null }) {
  return null;
}
