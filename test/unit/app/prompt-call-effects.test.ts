// The effects the callback survey and the progress line share, over a fake call control.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPromptCallEffects, isPromptCallEffect, type PromptCallSession } from '../../../src/app/shared/prompt-call-effects.js';
import { ChannelGoneError, type CallControl } from '../../../src/ports/call/call-control.js';
import type { Logger } from '../../../src/ports/logger.js';

function fakes(fail?: 'gone' | 'other') {
  const lines: Array<{ level: string; msg?: string }> = [];
  const write = (level: string) => (_obj: object, msg?: string) => void lines.push({ level, ...(msg ? { msg } : {}) });
  const log: Logger = { child: () => log, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
  const commands: string[] = [];
  const command = (name: string) => async (...args: unknown[]) => {
    if (fail === 'gone') throw new ChannelGoneError('channel c1');
    if (fail === 'other') throw new Error('ARI 500');
    commands.push(`${name} ${args.map((a) => JSON.stringify(a)).join(' ')}`);
  };
  const control = { play: command('play'), stopPlayback: command('stopPlayback'), hangup: command('hangup') } as unknown as CallControl;
  const timeouts: string[] = [];
  const effects = createPromptCallEffects({ control, keyTimeoutMs: 5_000, onKeyTimeout: (id) => void timeouts.push(id), failure: 'command failed' });
  const session: PromptCallSession = { channelId: 'c1', keyTimer: null, guardTimer: null, log };
  return { effects, session, commands, timeouts, lines };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('prompt-call effects', () => {
  it('plays, stops and hangs up on the session channel', async () => {
    const f = fakes();
    const gone = vi.fn();
    await f.effects.run(f.session, { kind: 'play', playbackId: 'pb1', media: ['sound:hotline/x'] }, gone);
    await f.effects.run(f.session, { kind: 'stop_playback', playbackId: 'pb1' }, gone);
    await f.effects.run(f.session, { kind: 'hangup' }, gone);
    expect(f.commands).toEqual(['play "c1" "pb1" ["sound:hotline/x"]', 'stopPlayback "pb1"', 'hangup "c1" "normal"']);
    expect(gone).not.toHaveBeenCalled();
  });

  it('feeds the timeout once the key timer runs out; a restart or a cancel moves or stops it', async () => {
    const f = fakes();
    const gone = vi.fn();
    await f.effects.run(f.session, { kind: 'start_key_timer' }, gone);
    await vi.advanceTimersByTimeAsync(4_000);
    await f.effects.run(f.session, { kind: 'start_key_timer' }, gone);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(f.timeouts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(f.timeouts).toEqual(['c1']);
    expect(f.session.keyTimer).toBeNull();
    await f.effects.run(f.session, { kind: 'start_key_timer' }, gone);
    await f.effects.run(f.session, { kind: 'cancel_key_timer' }, gone);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(f.timeouts).toEqual(['c1']);
  });

  it('hands a gone channel to the runner and logs any other failure', async () => {
    const g = fakes('gone');
    const gone = vi.fn();
    await g.effects.run(g.session, { kind: 'hangup' }, gone);
    expect(gone).toHaveBeenCalledTimes(1);
    expect(gone.mock.calls[0]![0]).toBeInstanceOf(ChannelGoneError);
    const o = fakes('other');
    await o.effects.run(o.session, { kind: 'play', playbackId: 'pb1', media: [] }, gone);
    expect(gone).toHaveBeenCalledTimes(1);
    expect(o.lines).toEqual([{ level: 'warn', msg: 'command failed' }]);
  });

  it('clears both timers and tells its own effects from the machines\' others', () => {
    const f = fakes();
    f.session.keyTimer = setTimeout(() => f.timeouts.push('key'), 10);
    f.session.guardTimer = setTimeout(() => f.timeouts.push('guard'), 10);
    f.effects.clearTimers(f.session);
    vi.advanceTimersByTime(100);
    expect(f.timeouts).toEqual([]);
    expect(isPromptCallEffect({ kind: 'play' })).toBe(true);
    expect(isPromptCallEffect({ kind: 'lookup' })).toBe(false);
    expect(isPromptCallEffect({ kind: 'finished' })).toBe(false);
  });
});
