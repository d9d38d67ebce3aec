// queue_log lines as Asterisk's app_queue writes them, so QueueMetrics-style tools read ours too.
import { describe, expect, it } from 'vitest';
import {
  formatQueueLogLine,
  queueLogAgent,
  QUEUE_LOG_NONE,
  sanitizeQueueLogField,
  type QueueLogEvent,
} from '../../../src/domain/acd/queue-log-line.js';
import { T0 } from './acd-fixtures.js';

const EPOCH = T0 / 1000; // 1763798400
const call = { at: T0, callId: 'c-1001', queue: 'housing', agent: QUEUE_LOG_NONE } as const;
const agentCall = { ...call, agent: 'Agent/zhang' } as const;
const agentOnly = { at: T0, callId: QUEUE_LOG_NONE, queue: QUEUE_LOG_NONE, agent: 'Agent/zhang' } as const;

describe('formatQueueLogLine', () => {
  it.each<[string, QueueLogEvent, string]>([
    [
      'ENTERQUEUE: url|callerid',
      { ...call, event: 'ENTERQUEUE', url: '', callerNumber: '13800138000' },
      `${EPOCH}|c-1001|housing|NONE|ENTERQUEUE||13800138000`,
    ],
    [
      'ENTERQUEUE with the entry position (Asterisk 13+): url|callerid|origposition',
      { ...call, event: 'ENTERQUEUE', url: 'http://crm/c-1001', callerNumber: '13800138000', originalPosition: 3 },
      `${EPOCH}|c-1001|housing|NONE|ENTERQUEUE|http://crm/c-1001|13800138000|3`,
    ],
    [
      'CONNECT: holdtime|bridgedchanneluniqueid|ringtime',
      { ...agentCall, event: 'CONNECT', holdSeconds: 12, bridgedChannelId: 'c-1001-agent1', ringSeconds: 4 },
      `${EPOCH}|c-1001|housing|Agent/zhang|CONNECT|12|c-1001-agent1|4`,
    ],
    [
      'RINGNOANSWER: ringtime in ms',
      { ...agentCall, event: 'RINGNOANSWER', ringMs: 15000 },
      `${EPOCH}|c-1001|housing|Agent/zhang|RINGNOANSWER|15000`,
    ],
    [
      'ABANDON: position|origposition|waittime',
      { ...call, event: 'ABANDON', position: 2, originalPosition: 5, waitSeconds: 48 },
      `${EPOCH}|c-1001|housing|NONE|ABANDON|2|5|48`,
    ],
    [
      'EXITWITHTIMEOUT: position|origposition|waittime',
      { ...call, event: 'EXITWITHTIMEOUT', position: 1, originalPosition: 4, waitSeconds: 300 },
      `${EPOCH}|c-1001|housing|NONE|EXITWITHTIMEOUT|1|4|300`,
    ],
    [
      'COMPLETECALLER: holdtime|calltime|origposition',
      { ...agentCall, event: 'COMPLETECALLER', holdSeconds: 12, talkSeconds: 150, originalPosition: 3 },
      `${EPOCH}|c-1001|housing|Agent/zhang|COMPLETECALLER|12|150|3`,
    ],
    [
      'COMPLETEAGENT: holdtime|calltime|origposition',
      { ...agentCall, event: 'COMPLETEAGENT', holdSeconds: 7, talkSeconds: 95, originalPosition: 1 },
      `${EPOCH}|c-1001|housing|Agent/zhang|COMPLETEAGENT|7|95|1`,
    ],
    [
      'AGENTLOGIN: channel',
      { ...agentOnly, event: 'AGENTLOGIN', channel: 'PJSIP/8001' },
      `${EPOCH}|NONE|NONE|Agent/zhang|AGENTLOGIN|PJSIP/8001`,
    ],
    [
      'AGENTLOGOFF: channel|logintime',
      { ...agentOnly, event: 'AGENTLOGOFF', channel: 'PJSIP/8001', loginSeconds: 28800 },
      `${EPOCH}|NONE|NONE|Agent/zhang|AGENTLOGOFF|PJSIP/8001|28800`,
    ],
    [
      'PAUSE: reason',
      { ...agentOnly, queue: 'housing', event: 'PAUSE', reason: 'break' },
      `${EPOCH}|NONE|housing|Agent/zhang|PAUSE|break`,
    ],
    [
      'UNPAUSE without a reason ends in the separator, like Asterisk',
      { ...agentOnly, queue: 'housing', event: 'UNPAUSE', reason: '' },
      `${EPOCH}|NONE|housing|Agent/zhang|UNPAUSE|`,
    ],
    [
      'ADDMEMBER of a paused member',
      { ...agentOnly, queue: 'housing', event: 'ADDMEMBER', paused: true },
      `${EPOCH}|NONE|housing|Agent/zhang|ADDMEMBER|PAUSED`,
    ],
    [
      'ADDMEMBER of a ready member',
      { ...agentOnly, queue: 'housing', event: 'ADDMEMBER', paused: false },
      `${EPOCH}|NONE|housing|Agent/zhang|ADDMEMBER|`,
    ],
    [
      'REMOVEMEMBER',
      { ...agentOnly, queue: 'housing', event: 'REMOVEMEMBER' },
      `${EPOCH}|NONE|housing|Agent/zhang|REMOVEMEMBER|`,
    ],
  ])('%s', (_name, event, line) => {
    expect(formatQueueLogLine(event)).toBe(line);
  });

  it.each([
    ['the epoch is whole seconds, rounded down', { at: T0 + 999 }, `${EPOCH}|c-1001|housing|NONE|ABANDON|2|5|48`],
    ['durations are whole seconds, rounded down', { waitSeconds: 48.9 }, `${EPOCH}|c-1001|housing|NONE|ABANDON|2|5|48`],
    ['negative or non-finite numbers are written as 0', { position: -1, waitSeconds: Number.NaN }, `${EPOCH}|c-1001|housing|NONE|ABANDON|0|5|0`],
    ['an empty call id, queue or agent is written NONE', { callId: '', queue: '', agent: '' }, `${EPOCH}|NONE|NONE|NONE|ABANDON|2|5|48`],
  ])('%s', (_name, patch, line) => {
    const event: QueueLogEvent = { ...call, event: 'ABANDON', position: 2, originalPosition: 5, waitSeconds: 48, ...patch };
    expect(formatQueueLogLine(event)).toBe(line);
  });

  it('keeps Chinese queue names and reasons as they are', () => {
    expect(formatQueueLogLine({ ...agentOnly, queue: '住房保障', event: 'PAUSE', reason: '培训' })).toBe(
      `${EPOCH}|NONE|住房保障|Agent/zhang|PAUSE|培训`,
    );
  });
});

describe('a field can never split or forge a line', () => {
  const forged = `x\n${EPOCH}|c-9|housing|Agent/li|COMPLETEAGENT|0|0|1`;
  it.each<[string, QueueLogEvent, number]>([
    ['a pipe in the caller number', { ...call, event: 'ENTERQUEUE', url: '', callerNumber: '138|0013' }, 7],
    ['a newline and pipes in a pause reason', { ...agentOnly, event: 'PAUSE', reason: forged }, 6],
    ['CR LF in the queue name', { ...agentOnly, queue: 'housing\r\nforged', event: 'PAUSE', reason: 'lunch' }, 6],
    ['a pipe in the call id and the agent', { ...call, callId: 'c|1', agent: 'Agent/a|b', event: 'RINGNOANSWER', ringMs: 1 }, 6],
    ['a pipe in the bridged channel id', { ...agentCall, event: 'CONNECT', holdSeconds: 1, bridgedChannelId: 'a|b', ringSeconds: 1 }, 8],
    ['Unicode line separators in a url', { ...call, event: 'ENTERQUEUE', url: 'a\u2028b\u2029c\u0085d', callerNumber: '1' }, 7],
    ['NUL, tab and other control characters in the channel', { ...agentOnly, event: 'AGENTLOGIN', channel: 'PJSIP/\u0000\t\u001b8001' }, 6],
  ])('%s', (_name, event, fields) => {
    const line = formatQueueLogLine(event);
    expect(line.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/)).toHaveLength(1);
    expect(line.split('|')).toHaveLength(fields);
    expect(line.split('|')[4]).toBe(event.event);
    // eslint-disable-next-line no-control-regex
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it.each([
    ['a|b', 'a_b'],
    ['line1\nline2', 'line1 line2'],
    ['line1\r\nline2', 'line1  line2'],
    ['tab\there', 'tab here'],
    ['汉字|ok', '汉字_ok'],
    ['plain', 'plain'],
  ])('sanitizeQueueLogField(%j) is %j', (input, expected) => {
    expect(sanitizeQueueLogField(input)).toBe(expected);
  });
});

describe('queueLogAgent', () => {
  it('names agents the way Asterisk does', () => {
    expect(queueLogAgent('zhang')).toBe('Agent/zhang');
  });
});
