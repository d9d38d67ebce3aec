// The work-order form (工单) on the agent desktop (placeholder until it is built).
import type { Lang } from '../../i18n';
import type { SessionInfo } from '../../api';

/** The call in hand the order is taken for (null: an order without a call). */
export interface CallInHand {
  callId: string;
  callerNumber: string | null;
}

export function WorkOrderForm(_props: { lang: Lang; session: SessionInfo; call: CallInHand | null }) {
  return null;
}
