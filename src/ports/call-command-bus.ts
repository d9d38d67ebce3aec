// Commands for a call held by another app instance of the same hotline: the instance whose API
// the agent's console talks to sends them, the instance holding the call (its ARI app) runs them.
import type { CallFlowEvent } from '../domain/call/call-flow-types.js';

/** What may be asked of another instance: the flow events of the agent's desktop, and hanging up the agent's leg. */
export type CallCommandEvent =
  | Extract<CallFlowEvent, { type: 'end_service' | 'hold' | 'agent_emergency' }>
  /** Hang up the agent's leg, if it is still this one. */
  | { type: 'hangup_agent_leg'; at: Date; channelId: string };

export interface CallCommand {
  /** The ARI app that holds the call and is to run the command. */
  app: string;
  callId: string;
  event: CallCommandEvent;
}

export interface CallCommandBus {
  /** Sends the command to the instance of `command.app`; false when no such instance is listening. */
  publish(command: CallCommand): Promise<boolean>;
  /** Receives the commands for this app (well-formed ones only) until close(). */
  subscribe(app: string, handle: (command: CallCommand) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}
