// The agent's calls today with their ratings (placeholder until it is built).
import type { Lang } from '../../i18n';

/** `refreshKey` changes when a call ends, so the list loads again. */
export function TodayCalls(_props: { lang: Lang; agentId: string; refreshKey: number }) {
  return null;
}
