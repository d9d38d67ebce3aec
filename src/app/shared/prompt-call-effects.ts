// The effects every prompt-and-key call shares (the callback survey, the progress line): play a
// prompt, stop it, start or cancel the key timer, hang up. A command on a channel that has just
// hung up is the normal race: it goes to `gone` (the machine runner turns it into an event).
import { ChannelGoneError, type CallControl } from '../../ports/call/call-control.js';
import type { Logger } from '../../ports/logger.js';

export type PromptCallEffect =
  | { kind: 'play'; playbackId: string; media: string[] }
  | { kind: 'stop_playback'; playbackId: string }
  | { kind: 'start_key_timer' }
  | { kind: 'cancel_key_timer' }
  | { kind: 'hangup' };

const PROMPT_KINDS = new Set<string>(['play', 'stop_playback', 'start_key_timer', 'cancel_key_timer', 'hangup']);

export function isPromptCallEffect(effect: { kind: string }): effect is PromptCallEffect {
  return PROMPT_KINDS.has(effect.kind);
}

/** What the helper keeps per call: the channel, its timers and its logger. */
export interface PromptCallSession {
  channelId: string;
  keyTimer: NodeJS.Timeout | null;
  guardTimer: NodeJS.Timeout | null;
  log: Logger;
}

export interface PromptCallEffectsDeps {
  control: CallControl;
  /** Silence after a question, or between digits. */
  keyTimeoutMs: number;
  /** The key timer ran out: feed the machine its timeout event. */
  onKeyTimeout: (channelId: string) => void;
  /** Logged when a command fails for another reason than a gone channel, e.g. 'survey call command failed'. */
  failure: string;
}

export type Gone = (err: ChannelGoneError) => void;

export function createPromptCallEffects(deps: PromptCallEffectsDeps) {
  const { control } = deps;

  /** Runs a command; a gone channel goes to `gone` (or is logged at debug without one). */
  async function tolerant(s: PromptCallSession, what: string, command: () => Promise<void>, gone?: Gone): Promise<void> {
    try {
      await command();
    } catch (err) {
      if (err instanceof ChannelGoneError && gone) gone(err);
      else if (err instanceof ChannelGoneError) s.log.debug({ what }, 'channel gone before the command');
      else s.log.warn({ what, err: (err as Error).message }, deps.failure);
    }
  }

  function clearTimers(s: PromptCallSession): void {
    if (s.keyTimer) clearTimeout(s.keyTimer);
    if (s.guardTimer) clearTimeout(s.guardTimer);
    s.keyTimer = null;
    s.guardTimer = null;
  }

  async function run(s: PromptCallSession, effect: PromptCallEffect, gone: Gone): Promise<void> {
    switch (effect.kind) {
      case 'play':
        await tolerant(s, 'play', () => control.play(s.channelId, effect.playbackId, effect.media), gone);
        break;
      case 'stop_playback':
        await tolerant(s, 'stop playback', () => control.stopPlayback(effect.playbackId), gone);
        break;
      case 'start_key_timer':
        if (s.keyTimer) clearTimeout(s.keyTimer);
        s.keyTimer = setTimeout(() => {
          s.keyTimer = null;
          deps.onKeyTimeout(s.channelId);
        }, deps.keyTimeoutMs);
        break;
      case 'cancel_key_timer':
        if (s.keyTimer) clearTimeout(s.keyTimer);
        s.keyTimer = null;
        break;
      case 'hangup':
        await tolerant(s, 'hangup', () => control.hangup(s.channelId, 'normal'), gone);
        break;
    }
  }

  return { tolerant, clearTimers, run };
}
