// The call dispatcher over in-memory fakes of its ports (call state store, records, call control,
// timers): telephony events in, saved states, records, ARI commands and timers out — the walk of
// one inbound call without Asterisk. A timer fires only when the test fires it.
import { describe, expect, it } from 'vitest';
import { createCallDispatcher } from '../../../src/app/call/call-dispatcher.js';
import type { CallTimers } from '../../../src/app/call/call-timers.js';
import type { CallState, TimerName } from '../../../src/domain/call/call-flow-types.js';
import { ChannelGoneError, type CallControl } from '../../../src/ports/call/call-control.js';
import type { CallRecords } from '../../../src/ports/call/call-records.js';
import type { CallStateStore } from '../../../src/ports/call/call-state-store.js';
import type { Logger } from '../../../src/ports/logger.js';
import type { TelephonyEvent } from '../../../src/ports/call/telephony-events.js';
import { at, flowSettings } from '../../support/call-flow-harness.js';

type Line = { level: string; obj: Record<string, unknown>; msg?: string };

function fakes(options: { goneOn?: keyof CallControl } = {}) {
  const lines: Line[] = [];
  const write = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj: obj as Record<string, unknown>, ...(msg ? { msg } : {}) });
  const logger: Logger = { child: () => logger, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };

  const map = new Map<string, CallState>();
  const saves: Array<{ phase: string; ttl: number | undefined }> = [];
  const states: CallStateStore = {
    get: async (id) => map.get(id) ?? null,
    save: async (s, ttl?: number) => {
      map.set(s.callId, s);
      saves.push({ phase: s.phase, ttl });
    },
    delete: async (id) => void map.delete(id),
    listCallIds: async () => [...map.keys()],
  };

  const commands: string[] = [];
  const command =
    (name: keyof CallControl) =>
    async (...args: unknown[]): Promise<never> => {
      if (options.goneOn === name) throw new ChannelGoneError(`channel ${String(args[0])}`);
      commands.push(`${name} ${args.map((a) => JSON.stringify(a)).join(' ')}`);
      return undefined as never;
    };
  const control = Object.fromEntries(
    (['answer', 'play', 'startMoh', 'stopMoh', 'setChannelVar', 'recordCall', 'stopPlayback', 'ring', 'originate', 'createBridge', 'addToBridge', 'removeFromBridge', 'destroyBridge', 'hangup', 'continueInDialplan', 'watchChannel', 'listAppChannels', 'channelExists'] as const).map((n) => [n, command(n)]),
  ) as unknown as CallControl;

  const opened: string[] = [];
  const events: string[] = [];
  const patches: Array<Record<string, unknown>> = [];
  const records = {
    openCall: async (call: { callId: string }) => void opened.push(call.callId),
    appendEvent: async (e: { type: string }) => void events.push(e.type),
    updateCall: async (_id: string, patch: Record<string, unknown>) => void patches.push(patch),
  } as unknown as CallRecords;

  const pending = new Map<string, () => void>();
  const timers: CallTimers = {
    start: (callId, timer, _ms, onFire) => void pending.set(`${callId}|${timer}`, onFire),
    cancel: (callId, timer) => void pending.delete(`${callId}|${timer}`),
    cancelAll: () => pending.clear(),
    get size() {
      return pending.size;
    },
  };
  const fire = (callId: string, timer: TimerName) => {
    const onFire = pending.get(`${callId}|${timer}`);
    pending.delete(`${callId}|${timer}`);
    onFire?.();
  };

  const finished: string[] = [];
  const dispatcher = createCallDispatcher({
    control,
    records,
    states,
    timers,
    settings: flowSettings(),
    emergencyContext: 'hotline-emergency',
    logger,
    now: () => at(99),
    queueEffects: async () => undefined,
    onCallFinished: (callId) => void finished.push(callId),
    onFeatureCode: async () => undefined,
  });
  return { dispatcher, map, saves, commands, opened, events, patches, pending, fire, finished, lines };
}

const arrive: TelephonyEvent = { type: 'stasis_start', at: at(0), channelId: 'c1', args: ['inbound', 'general'], callerNumber: '13800138000', dialedNumber: '12345' };
const hangup: TelephonyEvent = { type: 'channel_destroyed', at: at(5), channelId: 'c1', cause: 16, causeText: 'Normal Clearing' };

describe('call dispatcher', () => {
  it('opens, answers and greets an arriving call, then closes it on hang-up with its timer cancelled', async () => {
    const f = fakes();
    await f.dispatcher.handle(arrive);
    expect(f.opened).toEqual(['c1']);
    expect(f.commands).toEqual(['watchChannel "c1"', 'answer "c1"']);
    expect(f.saves.map((s) => s.phase)).toEqual(['arrived', 'arrived']);

    await f.dispatcher.handle({ type: 'channel_state', at: at(0.1), channelId: 'c1', state: 'Up' });
    expect(f.map.get('c1')?.phase).toBe('greeting');
    const greeting = f.map.get('c1')?.currentPlaybackId;
    expect(greeting).toBeTruthy();
    expect(f.commands.at(-1)).toMatch(/^play "c1" /);

    await f.dispatcher.handle({ type: 'playback_finished', at: at(3), playbackId: String(greeting), channelId: 'c1' });
    expect(f.map.get('c1')?.phase).toBe('awaiting_key');
    expect([...f.pending.keys()]).toEqual(['c1|key_wait']);

    await f.dispatcher.handle(hangup);
    expect(f.pending.size).toBe(0);
    expect(f.map.get('c1')?.phase).toBe('ended');
    expect(f.saves.at(-1)).toEqual({ phase: 'ended', ttl: 120 });
    expect(f.events).toEqual(expect.arrayContaining(['stasis_start', 'answered', 'hangup']));
    expect(f.patches.at(-1)).toMatchObject({ endedAt: at(5), hangupCause: 16, outcome: 'abandoned_in_greeting' });
    expect(f.dispatcher.busyCalls).toBe(0);
  });

  it('feeds a fired timer back into the call through its queue', async () => {
    const f = fakes();
    await f.dispatcher.handle(arrive);
    await f.dispatcher.handle({ type: 'channel_state', at: at(0.1), channelId: 'c1', state: 'Up' });
    await f.dispatcher.handle({ type: 'playback_finished', at: at(3), playbackId: String(f.map.get('c1')?.currentPlaybackId), channelId: 'c1' });
    f.fire('c1', 'key_wait');
    await f.dispatcher.idle();
    expect(f.map.get('c1')?.phase).toBe('waiting');
    expect(f.dispatcher.busyCalls).toBe(0);
  });

  it('takes a channel gone under a command as the hang-up race: reported, not an error, the flow goes on', async () => {
    const f = fakes({ goneOn: 'answer' });
    await f.dispatcher.handle(arrive);
    expect(f.commands).toEqual(['watchChannel "c1"']);
    expect(f.lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(f.lines).toContainEqual({ level: 'debug', obj: { callId: 'c1', resource: 'channel c1' }, msg: 'target gone (hang-up race)' });
    await f.dispatcher.handle(hangup);
    expect(f.map.get('c1')?.phase).toBe('ended');
  });

  it('feeds the caller met gone under a command back as the call\'s channel_gone: the call ends once', async () => {
    const f = fakes({ goneOn: 'answer' });
    await f.dispatcher.handle(arrive);
    await f.dispatcher.idle();
    expect(f.map.get('c1')?.phase).toBe('ended');
    expect(f.patches.at(-1)).toMatchObject({ endedAt: at(99), hangupCause: 0, hangupCauseText: 'gone before a command (hang-up race)', outcome: 'abandoned_in_greeting' });
    expect(f.finished).toEqual(['c1']);
    // the ChannelDestroyed that follows finds the call ended: no second hang-up, review or close
    await f.dispatcher.handle(hangup);
    expect(f.events.filter((e) => e === 'hangup')).toEqual(['hangup']);
    expect(f.patches.filter((p) => 'endedAt' in p)).toHaveLength(1);
    expect(f.finished).toEqual(['c1']);
    expect(f.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('ignores an event for a call it does not hold, saving nothing', async () => {
    const f = fakes();
    await f.dispatcher.handle(hangup);
    expect(f.saves).toEqual([]);
    expect(f.commands).toEqual([]);
    expect(f.lines).toContainEqual({ level: 'debug', obj: { callId: 'c1', event: 'caller_hungup' }, msg: 'event for a call this app does not hold' });
  });
});
