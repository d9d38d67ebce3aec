// What the skill-queue e2e tests ask a running hotline app: agents and their states, call records
// with their timelines, and the queue_log file the app writes.
import { existsSync, readFileSync } from 'node:fs';
import { waitFor, type HotlineApp } from './hotline-app.js';

export interface TimelineEvent {
  type: string;
  leg: string;
  at: string;
  data: Record<string, unknown>;
}

export interface CallView {
  callId: string;
  callerNumber: string;
  dialedNumber: string;
  outcome: string;
  firstHangupSide: string | null;
  endedAt: string | null;
  events: TimelineEvent[];
}

export interface AgentDef {
  agentId: string;
  name: string;
  extension: string;
  skills: Record<string, number>;
  languages: string[];
  group: string;
}

/** A JSON request to the app with its admin token; never throws on an HTTP error status. */
export function send(app: HotlineApp, method: string, path: string, body?: unknown) {
  return app.request(method, path, body === undefined ? {} : { body });
}

/** Creates the agents over the API; returns their SIP passwords by extension. */
export async function createAgents(app: HotlineApp, agents: AgentDef[]): Promise<Record<string, string>> {
  const passwords: Record<string, string> = {};
  for (const agent of agents) {
    const created = await send(app, 'POST', '/api/agents', agent);
    if (created.status !== 201) throw new Error(`agent ${agent.agentId} not created: ${created.status} ${JSON.stringify(created.body)}`);
    passwords[agent.extension] = (created.body.sip as { password: string }).password;
  }
  return passwords;
}

export async function agentStatus(app: HotlineApp, agentId: string): Promise<{ status: string; callId?: string; reason?: string }> {
  return (await send(app, 'GET', `/api/agents/${agentId}/state`)).body.state as { status: string; callId?: string };
}

/** Waits until the agent is in one of the statuses; returns its state. */
export function agentReaches(app: HotlineApp, agentId: string, statuses: string[], timeoutMs = 15_000) {
  return waitFor(`${agentId} ${statuses.join('/')}`, async () => {
    const s = await agentStatus(app, agentId);
    return statuses.includes(s.status) ? s : undefined;
  }, timeoutMs);
}

/** Waits until the agent is no longer ringing or talking on the call (wrap-up, ready, or on another call). */
export function agentLeaves(app: HotlineApp, agentId: string, callId: string, timeoutMs = 15_000) {
  return waitFor(`${agentId} off the call ${callId}`, async () => {
    const s = await agentStatus(app, agentId);
    return s.callId !== callId || !['ringing', 'on_call'].includes(s.status) ? s : undefined;
  }, timeoutMs);
}

/** The newest call record of a number, with its timeline (ended or not). */
export async function latestCall(app: HotlineApp, number: string): Promise<CallView | undefined> {
  const list = await app.get<{ calls: Array<{ callId: string }> }>(`/api/calls?number=${number}`);
  const call = list.body.calls[0];
  return call ? (await app.get<CallView>(`/api/calls/${call.callId}`)).body : undefined;
}

/** Waits until the newest call of the number has an event of the type; returns the call. */
export function callWithEvent(app: HotlineApp, number: string, type: string, timeoutMs = 20_000): Promise<CallView> {
  return waitFor(`a '${type}' event in the call from ${number}`, async () => {
    const call = await latestCall(app, number);
    return call?.events.some((e) => e.type === type) ? call : undefined;
  }, timeoutMs);
}

/** Waits until the newest call of the number has ended and its record is closed. */
export function finishedCall(app: HotlineApp, number: string, timeoutMs = 15_000): Promise<CallView> {
  return waitFor(`the end of the call from ${number}`, async () => {
    const call = await latestCall(app, number);
    return call?.endedAt ? call : undefined;
  }, timeoutMs);
}

export const eventsOf = (call: CallView, type: string) => call.events.filter((e) => e.type === type);
export const offeredTo = (call: CallView) => eventsOf(call, 'agent_offered').map((e) => e.data.agentId);
export const atMs = (e: TimelineEvent | undefined) => (e ? Date.parse(e.at) : Number.NaN);

/** queue_log lines split into fields (epoch|callid|queue|agent|event|data...). */
export function queueLogLines(file: string): string[][] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.split('|'));
}
