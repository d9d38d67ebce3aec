// Case-survey calls over in-memory fakes: the survey's channel met gone under a command is fed to
// the questionnaire as the citizen's hang-up (it reports what was answered), and the channel's
// ChannelDestroyed after it reports nothing more and forgets the call.
import { afterEach, describe, expect, it } from 'vitest';
import { createCaseSurveyCalls, type CaseSurveyCalls } from '../../../src/app/survey/case-survey-calls.js';
import type { AttemptReport } from '../../../src/app/survey/case-surveys.js';
import { ChannelGoneError, type CallControl } from '../../../src/ports/call/call-control.js';
import type { Logger } from '../../../src/ports/logger.js';
import type { TelephonyEvent } from '../../../src/ports/call/telephony-events.js';

const quiet: Logger = { child: () => quiet, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const NOW = new Date('2026-11-22T08:00:00.000Z');
const CHANNEL = 'survey-42-1';

let calls: CaseSurveyCalls | null = null;
afterEach(() => calls?.stop());

function harness(goneOn: (command: string, target: string) => boolean) {
  const commands: string[] = [];
  const command = (name: string) => async (target: unknown) => {
    const id = typeof target === 'object' && target !== null ? String((target as { channelId: string }).channelId) : String(target);
    if (goneOn(name, id)) throw new ChannelGoneError(`${name === 'stopPlayback' ? 'playback' : 'channel'} ${id}`);
    commands.push(`${name} ${id}`);
  };
  const control = Object.fromEntries(['originate', 'play', 'stopPlayback', 'hangup'].map((n) => [n, command(n)])) as unknown as CallControl;
  const reports: AttemptReport[] = [];
  calls = createCaseSurveyCalls({
    control,
    outboundContext: 'hotline-outbound',
    callerNumber: '12345',
    language: 'zh',
    ringSeconds: 30,
    keyTimeoutMs: 5000,
    maxCallMs: 180_000,
    report: () => ({ answered: async () => undefined, attemptEnded: async (r) => void reports.push(r) }),
    logger: quiet,
  });
  return { calls, commands, reports };
}

const answered: TelephonyEvent = { type: 'stasis_start', at: NOW, channelId: CHANNEL, args: ['case-survey', '42', '1'], callerNumber: '13800138000', dialedNumber: '' };
const destroyed: TelephonyEvent = { type: 'channel_destroyed', at: NOW, channelId: CHANNEL, cause: 16, causeText: 'Normal Clearing' };

describe('case-survey calls: the channel met gone under a command', () => {
  it('is the citizen\'s hang-up: the attempt is reported once, then forgotten at ChannelDestroyed', async () => {
    const h = harness((name) => name === 'play');
    await h.calls.place({ surveyId: 42, attempt: 1, number: '13800138000' } as never);
    await h.calls.handle(answered);
    await new Promise((r) => setTimeout(r, 0));
    expect(h.reports).toEqual([{ surveyId: 42, attempt: 1, outcome: 'not_answered', answers: { resolved: null, satisfaction: null }, result: 'not_answered' }]);
    expect(h.calls.active).toBe(1);

    await h.calls.handle(destroyed);
    expect(h.reports).toHaveLength(1);
    expect(h.calls.active).toBe(0);
  });

  it('feeds nothing for a gone playback: the questionnaire goes on', async () => {
    const h = harness((name) => name === 'stopPlayback');
    await h.calls.place({ surveyId: 42, attempt: 1, number: '13800138000' } as never);
    await h.calls.handle(answered);
    await h.calls.handle({ type: 'dtmf', at: NOW, channelId: CHANNEL, digit: '1', durationMs: 100 });
    await new Promise((r) => setTimeout(r, 0));
    expect(h.reports).toEqual([]);
    expect(h.commands.filter((c) => c.startsWith('play '))).toHaveLength(2);
  });
});
