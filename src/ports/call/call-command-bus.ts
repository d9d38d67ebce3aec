// Commands for a call held by another app instance of the same hotline: the instance whose API
// the agent's console talks to sends them, the instance holding the call (its ARI app) runs them.
import type { CallFlowEvent } from '../../domain/call/call-flow-types.js';

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

/** How a command ended on the instance that ran it ('done': the event was handled and its effects run). */
export type CallCommandOutcome = 'done' | 'failed';

export interface CallCommandBus {
  /** Sends the command to the instance of `command.app`: the command's id, or null when no such instance is listening. */
  publish(command: CallCommand): Promise<string | null>;
  /** How the command ended; null while it is still running (or if it never arrived). Kept for a minute. */
  outcome(id: string): Promise<CallCommandOutcome | null>;
  /** Receives the commands for this app (well-formed ones only) until close(); their outcomes are kept for the sender. */
  subscribe(app: string, handle: (command: CallCommand) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}
