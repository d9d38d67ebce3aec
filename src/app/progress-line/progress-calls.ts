// Progress-line calls over ARI: a caller on the progress service number enters
// Stasis(hotline,progress); this runs the pure progress-line machine on the channel's events
// (answer, prompts, keys, key timer, lookup, hang-up). Events of one call run one after another
// on the per-key machine runner. Only the first event names the call (the `progress` argument):
// the channel id is Asterisk's, so the calls in progress are kept here by channel, and the
// playback ids (`progress-<channel>-pb<n>`) are chosen by the machine. In memory: a restart
// loses the call, and the reconciliation after the reconnect hands its channel, a caller with no
// record, to the dialplan queue like any other.
import {
  createProgressLine,
  transition,
  type ProgressEffect,
  type ProgressEvent,
  type ProgressLineSettings,
  type ProgressLineState,
} from '../../domain/progress-line/progress-line.js';
import { maskNumber } from '../../domain/privacy/mask-number.js';
import { ChannelGoneError, type CallControl } from '../../ports/call/call-control.js';
import type { Logger } from '../../ports/logger.js';
import type { TelephonyEvent } from '../../ports/call/telephony-events.js';
import type { ProgressLookup } from '../../ports/work-order/progress-lookup.js';
import { createMachineRunner, type ReportGone } from '../shared/machine-runner.js';
import { createPromptCallEffects, isPromptCallEffect } from '../shared/prompt-call-effects.js';

/** The Stasis argument of the progress line (dialplan: Stasis(${ARI_APP},progress)). */
export const PROGRESS_STASIS_ARG = 'progress';
const PLAYBACK = /^progress-(.+)-pb\d+$/;
/** How long an ended call's late events (ChannelDestroyed after StasisEnd) are still taken here. */
const ENDED_MEMORY_MS = 30_000;

export interface ProgressCallsDeps {
  control: CallControl;
  lookup: ProgressLookup;
  settings: ProgressLineSettings;
  /** Silence after a question, or between digits (PROGRESS_KEY_TIMEOUT_SECONDS). */
  keyTimeoutMs: number;
  /** A progress call is hung up after this long whatever happens (PROGRESS_MAX_CALL_SECONDS). */
  maxCallMs: number;
  logger: Logger;
}

export interface ProgressCalls {
  /** The dispatcher's hook: takes (and handles in the background) the event if it is the progress line's. */
  route(event: TelephonyEvent): boolean;
  /** Like route, and resolves once the event is handled (tests); false when it is not ours. */
  handle(event: TelephonyEvent): Promise<boolean>;
  /** Calls in progress in this process. */
  readonly active: number;
  stop(): void;
}

interface Session {
  channelId: string;
  machine: ProgressLineState;
  keyTimer: NodeJS.Timeout | null;
  guardTimer: NodeJS.Timeout | null;
  log: Logger;
}

const promptNames = (media: string[]) => media.map((m) => m.replace(/^sound:hotline\//, ''));

export function createProgressCalls(deps: ProgressCallsDeps): ProgressCalls {
  const { control } = deps;
  const log = deps.logger.child({ component: 'progress-line' });
  const sessions = new Map<string, Session>();
  const ended = new Map<string, NodeJS.Timeout>();

  const runner = createMachineRunner<ProgressLineState, ProgressEvent, ProgressEffect>(
    {
      load: async (channelId) => sessions.get(channelId)?.machine ?? null,
      transition: (state, event) => transition(state, event, deps.settings),
      async save(channelId, step, _before, event) {
        const s = sessions.get(channelId);
        if (s) s.machine = step.state;
        if (s && !step.handled) s.log.debug({ event: event.type, phase: step.state.phase }, 'progress-line event not handled in this phase');
      },
      runEffects: async (channelId, step, _b, _e, gone) => {
        const s = sessions.get(channelId);
        if (s) await runEffects(s, step.effects, gone);
      },
      // a command on a channel that is gone: the caller hung up (a gone playback means nothing)
      channelGone: (_channelId, effect) => (effect.kind === 'stop_playback' ? null : { type: 'hung_up' }),
    },
    { log, keyName: 'channelId', failure: 'progress-line event handling failed' },
  );

  const prompts = createPromptCallEffects({
    control,
    keyTimeoutMs: deps.keyTimeoutMs,
    onKeyTimeout: (channelId) => void runner.feed(channelId, { type: 'key_timeout' }),
    failure: 'progress-line command failed',
  });
  const { tolerant, clearTimers } = prompts;

  /** Forgets the call; its late events are still taken (and ignored) for a while. */
  function end(s: Session): void {
    clearTimers(s);
    sessions.delete(s.channelId);
    if (!ended.has(s.channelId)) ended.set(s.channelId, setTimeout(() => ended.delete(s.channelId), ENDED_MEMORY_MS));
  }

  async function lookUp(s: Session, orderNo: string, lastFour: string): Promise<ProgressEvent> {
    try {
      const progress = await deps.lookup.find(orderNo, lastFour);
      s.log.info({ orderNo, found: progress !== null, ...(progress ? { status: progress.status } : {}) }, 'progress lookup');
      return progress ? { type: 'found', status: progress.status, replyDueAt: progress.replyDueAt } : { type: 'not_found' };
    } catch (err) {
      s.log.warn({ err, orderNo }, 'progress lookup failed');
      return { type: 'lookup_failed' };
    }
  }

  async function runEffects(s: Session, effects: ProgressEffect[], reportGone: ReportGone<ProgressEffect>): Promise<void> {
    for (const effect of effects) {
      const gone = (err: ChannelGoneError) => reportGone(effect, err);
      if (effect.kind === 'play') s.log.debug({ playbackId: effect.playbackId, prompts: promptNames(effect.media) }, 'progress line plays');
      if (isPromptCallEffect(effect)) {
        await prompts.run(s, effect, gone);
        continue;
      }
      switch (effect.kind) {
        case 'answer':
          await tolerant(s, 'answer', () => control.answer(s.channelId), gone);
          break;
        case 'lookup': {
          const answer = await lookUp(s, effect.orderNo, effect.lastFour);
          void runner.feed(s.channelId, answer);
          break;
        }
        case 'finished':
          s.log.info({ outcome: effect.outcome, tries: effect.tries }, 'progress-line call ended');
          break;
      }
    }
  }

  async function onEvent(channelId: string, event: TelephonyEvent): Promise<void> {
    if (event.type === 'stasis_start') {
      if (sessions.has(channelId)) return;
      const s: Session = { channelId, machine: createProgressLine(`progress-${channelId}`), keyTimer: null, guardTimer: null, log: log.child({ channelId }) };
      sessions.set(channelId, s);
      s.guardTimer = setTimeout(() => {
        s.log.warn({ maxCallMs: deps.maxCallMs }, 'progress-line call reached its longest duration: hung up');
        void control.hangup(channelId, 'normal').catch(() => undefined);
      }, deps.maxCallMs);
      s.log.info({ caller: maskNumber(event.callerNumber), dialed: event.dialedNumber }, 'progress-line call arrived');
      return runner.step(channelId, { type: 'answered' });
    }
    const s = sessions.get(channelId);
    if (!s) return; // an ended call's late event
    switch (event.type) {
      case 'dtmf':
        return runner.step(channelId, { type: 'key', digit: event.digit });
      case 'playback_finished':
        return runner.step(channelId, { type: 'prompt_finished', playbackId: event.playbackId });
      case 'stasis_end':
      case 'channel_destroyed':
        await runner.step(channelId, { type: 'hung_up' });
        end(s);
        return;
      default:
        return;
    }
  }

  /** The progress-line channel an event is about, or null. */
  function channelOf(event: TelephonyEvent): string | null {
    if ('playbackId' in event) return PLAYBACK.exec(event.playbackId)?.[1] ?? null;
    if (event.type === 'stasis_start') return event.args[0] === PROGRESS_STASIS_ARG ? event.channelId : null;
    return sessions.has(event.channelId) || ended.has(event.channelId) ? event.channelId : null;
  }

  const take = (event: TelephonyEvent): Promise<void> | null => {
    const channelId = channelOf(event);
    return channelId === null ? null : runner.run(channelId, () => onEvent(channelId, event));
  };

  return {
    route: (event) => take(event) !== null,
    async handle(event) {
      const done = take(event);
      if (done === null) return false;
      await done;
      return true;
    },
    get active() {
      return sessions.size;
    },
    stop() {
      for (const s of sessions.values()) clearTimers(s);
      for (const t of ended.values()) clearTimeout(t);
      ended.clear();
    },
  };
}
