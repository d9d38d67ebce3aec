// Which app instance (ARI app name) holds each live call. Several instances of one hotline share
// Redis; each keeps its calls' live state under its own name, and this record tells the others
// where to look (and whom to ask) for a call.
import type { CallState } from '../../domain/call/call-flow-types.js';

export interface CallOwners {
  /** The ARI app holding the call, or null (no such live call, or it ended a while ago). */
  ownerOf(callId: string): Promise<string | null>;
  /** The call's live state as the app holding it keeps it (read only). */
  stateIn(app: string, callId: string): Promise<CallState | null>;
}
