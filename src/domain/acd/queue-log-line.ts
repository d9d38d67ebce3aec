// Events of our skill queues written in Asterisk's queue_log format, so QueueMetrics-style tools
// can read them: `epoch|callid|queuename|agent|event|data1|data2|...`, one line per event.
// Fields follow app_queue.c (Asterisk 13+) and the Asterisk docs "Queue Logs". Pure: time comes in.

/** What Asterisk writes when a line has no call, queue or agent. */
export const QUEUE_LOG_NONE = 'NONE';

/** The agent field the way chan_agent / app_agent_pool name agents: `Agent/zhang`. */
export const queueLogAgent = (agentId: string): string => `Agent/${agentId}`;

interface QueueLogBase {
  /** When it happened, ms since the epoch (written in whole seconds). */
  at: number;
  /** The caller's call id (Asterisk: the caller channel's uniqueid), or 'NONE'. */
  callId: string;
  /** Queue name, or 'NONE'. */
  queue: string;
  /** e.g. 'Agent/zhang' (see queueLogAgent), or 'NONE'. */
  agent: string;
}

/** Where the caller stood when leaving (1 = next) and where they entered, and the wait. */
interface QueueExit {
  position: number;
  originalPosition: number;
  waitSeconds: number;
}

interface CallEnd {
  holdSeconds: number;
  talkSeconds: number;
  originalPosition: number;
}

export type QueueLogEvent = QueueLogBase &
  (
    | {
        event: 'ENTERQUEUE';
        url: string;
        /** Written as given: mask it first if the file should not hold phone numbers. */
        callerNumber: string;
        /** Asterisk 13+ adds the entry position as a third field; left out when not given. */
        originalPosition?: number;
      }
    | { event: 'CONNECT'; holdSeconds: number; bridgedChannelId: string; ringSeconds: number }
    | { event: 'RINGNOANSWER'; ringMs: number }
    | ({ event: 'ABANDON' | 'EXITWITHTIMEOUT' } & QueueExit)
    | ({ event: 'COMPLETECALLER' | 'COMPLETEAGENT' } & CallEnd)
    | { event: 'AGENTLOGIN'; /** The agent's device, e.g. 'PJSIP/8001'. */ channel: string }
    | { event: 'AGENTLOGOFF'; channel: string; loginSeconds: number }
    | { event: 'PAUSE' | 'UNPAUSE'; reason: string }
    | { event: 'ADDMEMBER'; paused: boolean }
    | { event: 'REMOVEMEMBER' }
  );

export type QueueLogEventName = QueueLogEvent['event'];

type Field = string | number;

const PIPE_REPLACEMENT = '_';
const CONTROL_REPLACEMENT = ' ';

/**
 * A field that can neither add a column nor start a line: '|' becomes '_', and control
 * characters (CR, LF, tab, NUL, …) and the Unicode line/paragraph separators become a space.
 */
export function sanitizeQueueLogField(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '|') out += PIPE_REPLACEMENT;
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) out += CONTROL_REPLACEMENT;
    else out += ch;
  }
  return out;
}

/** Asterisk writes counts and durations as whole non-negative numbers. */
const whole = (n: number): number => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

const header = (value: string): string => sanitizeQueueLogField(value) || QUEUE_LOG_NONE;

function dataFields(event: QueueLogEvent): Field[] {
  switch (event.event) {
    case 'ENTERQUEUE':
      return event.originalPosition === undefined
        ? [event.url, event.callerNumber]
        : [event.url, event.callerNumber, whole(event.originalPosition)];
    case 'CONNECT':
      return [whole(event.holdSeconds), event.bridgedChannelId, whole(event.ringSeconds)];
    case 'RINGNOANSWER':
      return [whole(event.ringMs)];
    case 'ABANDON':
    case 'EXITWITHTIMEOUT':
      return [whole(event.position), whole(event.originalPosition), whole(event.waitSeconds)];
    case 'COMPLETECALLER':
    case 'COMPLETEAGENT':
      return [whole(event.holdSeconds), whole(event.talkSeconds), whole(event.originalPosition)];
    case 'AGENTLOGIN':
      return [event.channel];
    case 'AGENTLOGOFF':
      return [event.channel, whole(event.loginSeconds)];
    case 'PAUSE':
    case 'UNPAUSE':
      return [event.reason];
    case 'ADDMEMBER':
      return [event.paused ? 'PAUSED' : ''];
    case 'REMOVEMEMBER':
      return [''];
  }
}

/**
 * One queue_log line, without the trailing newline. Like Asterisk, a '|' always follows the
 * event name, so an event without data ends in '|'.
 */
export function formatQueueLogLine(event: QueueLogEvent): string {
  const data = dataFields(event).map((f) => (typeof f === 'number' ? String(f) : sanitizeQueueLogField(f)));
  return [whole(event.at / 1000), header(event.callId), header(event.queue), header(event.agent), event.event, ...data].join('|');
}
