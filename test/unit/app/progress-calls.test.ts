// The progress-line calls over fakes of call control and of the progress lookup: ARI events in,
// commands out; timers are vitest's fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgressCalls } from '../../../src/app/progress-line/progress-calls.js';
import { ChannelGoneError, type CallControl } from '../../../src/ports/call/call-control.js';
import type { Logger } from '../../../src/ports/logger.js';
import type { TelephonyEvent } from '../../../src/ports/call/telephony-events.js';
import type { OrderProgress, ProgressLookup } from '../../../src/ports/work-order/progress-lookup.js';

const at = new Date('2026-12-05T08:00:00Z');
const CH = '1733385600.42';

function fakes(options: { goneOn?: keyof CallControl; lookupFails?: boolean } = {}) {
  const lines: Array<{ level: string; obj: Record<string, unknown>; msg?: string }> = [];
  const write = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj: obj as Record<string, unknown>, ...(msg ? { msg } : {}) });
  const logger: Logger = { child: () => logger, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
  const commands: string[] = [];
  const command = (name: keyof CallControl) => async (...args: unknown[]): Promise<never> => {
    if (options.goneOn === name) throw new ChannelGoneError(`channel ${String(args[0])}`);
    commands.push(`${name} ${args.map((a) => JSON.stringify(a)).join(' ')}`);
    return undefined as never;
  };
  const control = Object.fromEntries(
    (['answer', 'play', 'stopPlayback', 'hangup'] as const).map((n) => [n, command(n)]),
  ) as unknown as CallControl;
  const orders: Record<string, OrderProgress & { lastFour: string }> = {
    '2026-000123': { orderNo: '2026-000123', status: 'in_progress', replyDueAt: new Date('2026-12-18T01:00:00Z'), lastFour: '5678' },
  };
  const asked: string[] = [];
  const lookup: ProgressLookup = {
    async find(orderNo, lastFour) {
      asked.push(`${orderNo}/${lastFour}`);
      if (options.lookupFails) throw new Error('database down');
      const o = orders[orderNo];
      return o && o.lastFour === lastFour ? { orderNo: o.orderNo, status: o.status, replyDueAt: o.replyDueAt } : null;
    },
  };
  const calls = createProgressCalls({ control, lookup, settings: { maxTries: 3, timeZone: 'Asia/Shanghai' }, keyTimeoutMs: 5_000, maxCallMs: 120_000, logger });
  const plays = () => commands.filter((c) => c.startsWith('play ')).map((c) => JSON.parse(c.split(' ').slice(3).join(' ')) as string[]).map((m) => m.map((x) => x.replace('sound:hotline/', '')));
  const lastPlaybackId = () => JSON.parse(commands.filter((c) => c.startsWith('play ')).at(-1)!.split(' ')[2]!) as string;
  return { calls, commands, lines, asked, plays, lastPlaybackId };
}

type F = ReturnType<typeof fakes>;
const start = (): TelephonyEvent => ({ type: 'stasis_start', at, channelId: CH, args: ['progress'], callerNumber: '13900001111', dialedNumber: '123452' });
const finished = (f: F): TelephonyEvent => ({ type: 'playback_finished', at, playbackId: f.lastPlaybackId(), channelId: CH });
const key = (digit: string): TelephonyEvent => ({ type: 'dtmf', at, channelId: CH, digit, durationMs: 100 });
async function keys(f: F, digits: string) {
  for (const d of digits) expect(await f.calls.handle(key(d))).toBe(true);
}
/** Lets the fed-back events (the lookup's answer) run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('progress-line calls', () => {
  it('answers a call with the progress argument, takes its keys, looks the pair up and says status and deadline, then hangs up', async () => {
    const f = fakes();
    expect(await f.calls.handle(start())).toBe(true);
    expect(f.commands[0]).toBe(`answer "${CH}"`);
    expect(f.plays()).toEqual([['progress-intro', 'progress-enter-order']]);
    await f.calls.handle(finished(f));
    await keys(f, '2026000123#');
    expect(f.plays().at(-1)).toEqual(['progress-enter-last-four']);
    await f.calls.handle(finished(f));
    await keys(f, '5678#');
    await settle();
    expect(f.asked).toEqual(['2026-000123/5678']);
    // 2026-12-18T01:00Z is 18 December in Shanghai
    expect(f.plays().at(-1)).toEqual([
      'progress-status-is', 'progress-status-in-progress', 'progress-deadline-is',
      'digits-10', 'digits-2', 'progress-month', 'digits-10', 'digits-8', 'progress-day', 'progress-goodbye',
    ]);
    await f.calls.handle(finished(f));
    expect(f.commands.at(-1)).toBe(`hangup "${CH}" "normal"`);
    expect(f.lines.find((l) => l.msg === 'progress-line call ended')?.obj).toMatchObject({ outcome: 'found', tries: 1 });
    // never the last four or the whole caller number in the log
    expect(JSON.stringify(f.lines)).not.toMatch(/5678|13900001111/);
  });

  it('a wrong last four hears the neutral "not found" and the question again', async () => {
    const f = fakes();
    await f.calls.handle(start());
    await f.calls.handle(finished(f));
    await keys(f, '2026000123#');
    await f.calls.handle(finished(f));
    await keys(f, '0000#');
    await settle();
    expect(f.plays().at(-1)).toEqual(['progress-not-found', 'progress-enter-order']);
  });

  it('silence: the question once more after the key timeout, then goodbye', async () => {
    const f = fakes();
    await f.calls.handle(start());
    await f.calls.handle(finished(f));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(f.plays().at(-1)).toEqual(['progress-enter-order']);
    await f.calls.handle(finished(f));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(f.plays().at(-1)).toEqual(['progress-goodbye']);
  });

  it('a lookup that throws: "not available", goodbye; the failure is logged', async () => {
    const f = fakes({ lookupFails: true });
    await f.calls.handle(start());
    await f.calls.handle(finished(f));
    await keys(f, '2026000123#');
    await f.calls.handle(finished(f));
    await keys(f, '5678#');
    await settle();
    expect(f.plays().at(-1)).toEqual(['progress-unavailable', 'progress-goodbye']);
    expect(f.lines.some((l) => l.level === 'warn' && l.msg === 'progress lookup failed')).toBe(true);
  });

  it('leaves every other event to the call dispatcher: another Stasis argument, other channels and playbacks', async () => {
    const f = fakes();
    expect(f.calls.route({ ...start(), args: ['inbound', 'general'] } as TelephonyEvent)).toBe(false);
    expect(f.calls.route(key('1'))).toBe(false);
    expect(f.calls.route({ type: 'playback_finished', at, playbackId: `${CH}-pb1`, channelId: CH })).toBe(false);
    expect(f.commands).toEqual([]);
  });

  it('the hang-up ends the call; its late events are still taken and change nothing', async () => {
    const f = fakes();
    await f.calls.handle(start());
    expect(f.calls.active).toBe(1);
    expect(await f.calls.handle({ type: 'stasis_end', at, channelId: CH })).toBe(true);
    expect(f.calls.active).toBe(0);
    const before = f.commands.length;
    expect(await f.calls.handle({ type: 'channel_destroyed', at, channelId: CH, cause: 16, causeText: 'Normal Clearing' })).toBe(true);
    expect(await f.calls.handle(key('1'))).toBe(true);
    expect(f.commands.length).toBe(before);
    expect(f.lines.find((l) => l.msg === 'progress-line call ended')?.obj).toMatchObject({ outcome: 'hung_up' });
    f.calls.stop();
  });

  it('a channel gone under the first prompt is the hang-up race: the call ends as hung up', async () => {
    const f = fakes({ goneOn: 'play' });
    await f.calls.handle(start());
    await settle();
    expect(f.lines.find((l) => l.msg === 'progress-line call ended')?.obj).toMatchObject({ outcome: 'hung_up' });
  });

  it('a call past its longest duration is hung up', async () => {
    const f = fakes();
    await f.calls.handle(start());
    await vi.advanceTimersByTimeAsync(120_000);
    expect(f.commands).toContain(`hangup "${CH}" "normal"`);
  });
});
