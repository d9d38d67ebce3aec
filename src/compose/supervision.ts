// Supervisors' listen, whisper and barge (监听 / 耳语 / 强插) on live calls: the sessions, their
// snoop channels over ARI, their entries in the call's timeline and the audit log. The call
// dispatcher hands it the events of its channels (src/compose/calls.ts).
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { createAriSnoopControl } from '../adapters/ari/ari-snoop-control.js';
import { createCallSupervision } from '../app/supervision/call-supervision.js';
import type { Config } from '../config.js';
import type { AsteriskSide } from './asterisk-side.js';
import type { LiveState } from './live-state.js';
import type { Records } from './records.js';

/** How long the supervisor's phone rings before the session ends unanswered. */
const SUPERVISOR_RING_SECONDS = 30;

export function buildSupervision(config: Config, records: Records, live: LiveState, asterisk: AsteriskSide, logger: Logger) {
  return createCallSupervision({
    control: asterisk.control,
    snoop: createAriSnoopControl(() => asterisk.connection.get().client(), config.ARI_APP),
    calls: live.calls,
    records: records.records,
    timeline: (callId, at, type, data) => records.records.appendEvent({ callId, at, type, leg: 'system', data }),
    audit: records.audit,
    ringSeconds: SUPERVISOR_RING_SECONDS,
    logger,
    now: () => new Date(),
    newId: () => randomBytes(6).toString('hex'),
  });
}
