// Agent status changes as queue_log lines: log in and out, pause (not ready, with the reason)
// and unpause, the way Asterisk's app_queue writes them for its members.
import { queueLogAgent, type QueueLogEvent } from '../../domain/acd/queue-log-line.js';
import type { AgentState } from '../../domain/agent/agent-types.js';

export function agentQueueLogEvents(agentId: string, extension: string, from: AgentState, to: AgentState, at: number): QueueLogEvent[] {
  const base = { at, callId: 'NONE', queue: 'NONE', agent: queueLogAgent(agentId) };
  const events: QueueLogEvent[] = [];
  if (from.status === 'offline' && to.status !== 'offline') events.push({ ...base, event: 'AGENTLOGIN', channel: `PJSIP/${extension}` });
  if (to.status === 'offline' && from.status !== 'offline') {
    events.push({ ...base, event: 'AGENTLOGOFF', channel: `PJSIP/${extension}`, loginSeconds: 0 });
  }
  if (to.status === 'not_ready') events.push({ ...base, event: 'PAUSE', reason: to.reason });
  if (from.status === 'not_ready' && to.status === 'ready') events.push({ ...base, event: 'UNPAUSE', reason: '' });
  return events;
}
