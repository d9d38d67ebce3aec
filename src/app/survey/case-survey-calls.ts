// Callback-survey calls over ARI: originates the call to the citizen through the outbound
// dialplan context into Stasis(hotline,case-survey,<survey>,<attempt>), runs the pure
// questionnaire machine on its events (play, keys, key timer, hang-up) and reports how the
// attempt ended. Before the answer, the hang-up cause tells busy / no answer / failure.
// Events of one call run one after another (machine-runner.ts). The progress lives in memory: a
// restart loses it; the attempt is closed as interrupted (and retried) when its channel is seen
// again, or by the sweeper.
import { unansweredOutcome } from '../../domain/survey/attempt-policy.js';
import {
  createQuestionnaire,
  transition,
  type QuestionnaireEffect,
  type QuestionnaireEvent,
  type QuestionnaireState,
} from '../../domain/survey/questionnaire.js';
import type { AttemptOutcome, QuestionnaireResult } from '../../domain/survey/survey-types.js';
import { ChannelGoneError, type CallControl } from '../../ports/call/call-control.js';
import type { Logger } from '../../ports/logger.js';
import type { SurveyCall, SurveyCallPlacer } from '../../ports/survey/survey-call-placer.js';
import type { TelephonyEvent } from '../../ports/call/telephony-events.js';
import type { AttemptReport } from './case-surveys.js';
import { isSurveyChannel, surveyChannelId, surveyChannelOfPlayback, surveyLegOf } from './case-survey-ids.js';
import { createMachineRunner, type ReportGone } from '../shared/machine-runner.js';
import { createPromptCallEffects } from '../shared/prompt-call-effects.js';

/** A survey call is hung up after this long whatever happens (the questionnaire takes about a minute). */
export const SURVEY_MAX_CALL_MS = 180_000;

export interface CaseSurveyCallsDeps {
  control: CallControl;
  /** Dialplan context that dials citizens (SURVEY_OUTBOUND_CONTEXT). */
  outboundContext: string;
  /** Caller ID the citizen sees: the hotline number. */
  callerNumber: string;
  language: string;
  ringSeconds: number;
  keyTimeoutMs: number;
  /** A survey call is hung up after this long whatever happens (SURVEY_MAX_CALL_MS). */
  maxCallMs: number;
  /** Where attempts are reported (the survey service; late-bound). */
  report: () => {
    answered(surveyId: number, attempt: number): Promise<void>;
    attemptEnded(report: AttemptReport): Promise<void>;
  };
  logger: Logger;
}

export interface CaseSurveyCalls extends SurveyCallPlacer {
  /** True for events of survey channels and playbacks (the dispatcher hands them here). */
  claims(event: TelephonyEvent): boolean;
  handle(event: TelephonyEvent): Promise<void>;
  /** The dispatcher's hook: takes (and handles in the background) the event if it is a survey's. */
  route(event: TelephonyEvent): boolean;
  /** After an ARI (re)connect: hangs up survey channels this process no longer runs. */
  settleOrphans(): Promise<number>;
  /** Calls in progress in this process. */
  readonly active: number;
  stop(): void;
}

interface Session {
  surveyId: number;
  attempt: number;
  channelId: string;
  answered: boolean;
  reported: boolean;
  /** Q.850 cause once the channel is gone. */
  cause: number | null;
  machine: QuestionnaireState;
  keyTimer: NodeJS.Timeout | null;
  guardTimer: NodeJS.Timeout | null;
  log: Logger;
}

const OUTCOME_OF: Record<QuestionnaireResult, AttemptOutcome> = {
  answered: 'completed',
  partial: 'partial',
  not_answered: 'not_answered',
};

/** The channel an event is about, when it is a survey's. */
function surveyChannelOf(event: TelephonyEvent): string | null {
  if ('playbackId' in event) return surveyChannelOfPlayback(event.playbackId);
  if (event.type === 'stasis_start' && event.args[0] === 'case-survey') return event.channelId;
  return isSurveyChannel(event.channelId) ? event.channelId : null;
}

export function createCaseSurveyCalls(deps: CaseSurveyCallsDeps): CaseSurveyCalls {
  const { control } = deps;
  const log = deps.logger.child({ component: 'survey-calls' });
  const sessions = new Map<string, Session>();
  // the questionnaire of each survey channel (its timers and report live in `sessions`)
  const runner = createMachineRunner<QuestionnaireState, QuestionnaireEvent, QuestionnaireEffect>(
    {
      load: async (channelId) => sessions.get(channelId)?.machine ?? null,
      transition,
      async save(channelId, step, _before, event) {
        const s = sessions.get(channelId);
        if (s) s.machine = step.state;
        if (s && !step.handled) s.log.debug({ event: event.type, phase: step.state.phase }, 'survey event not handled in this phase');
      },
      runEffects: async (channelId, step, _b, _e, gone) => { const s = sessions.get(channelId); if (s) await runEffects(s, step.effects, gone); },
      // the channel met gone is the hang-up; the questionnaire ignores the one ChannelDestroyed brings after
      channelGone: (channelId, _effect, err) => (err.channelId === channelId ? { type: 'hung_up' } : null),
    },
    { log, keyName: 'channelId', failure: 'survey call event handling failed' },
  );

  const prompts = createPromptCallEffects({
    control,
    keyTimeoutMs: deps.keyTimeoutMs,
    onKeyTimeout: (channelId) => void runner.feed(channelId, { type: 'key_timeout' }),
    failure: 'survey call command failed',
  });
  const { tolerant, clearTimers } = prompts;

  async function reportEnd(s: Session, outcome: AttemptOutcome, extra: Omit<AttemptReport, 'surveyId' | 'attempt' | 'outcome'> = {}): Promise<void> {
    if (s.reported) return;
    s.reported = true;
    const cause = extra.hangupCause ?? s.cause;
    s.log.info({ outcome, cause }, 'survey call attempt ended');
    await deps.report().attemptEnded({ surveyId: s.surveyId, attempt: s.attempt, outcome, ...extra, ...(cause !== null ? { hangupCause: cause } : {}) });
  }

  function end(s: Session): void {
    clearTimers(s);
    sessions.delete(s.channelId);
  }

  async function runEffects(s: Session, effects: QuestionnaireEffect[], reportGone: ReportGone<QuestionnaireEffect>): Promise<void> {
    for (const effect of effects) {
      if (effect.kind === 'finished') await reportEnd(s, OUTCOME_OF[effect.result], { answers: effect.answers, result: effect.result });
      else await prompts.run(s, effect, (err: ChannelGoneError) => reportGone(effect, err));
    }
  }

  /** An event for a survey channel this process does not run (after a restart). */
  async function orphanEvent(channelId: string, event: TelephonyEvent): Promise<void> {
    const leg = surveyLegOf(channelId);
    if (!leg || leg.farHalf) return;
    if (event.type === 'stasis_start') {
      log.warn({ channelId }, 'survey call answered but not run by this process: hung up');
      await control.hangup(channelId, 'normal').catch(() => undefined);
    } else if (event.type === 'channel_destroyed') {
      await deps.report().attemptEnded({
        surveyId: leg.surveyId,
        attempt: leg.attempt,
        outcome: 'interrupted',
        hangupCause: event.cause,
        detail: 'the app lost this call (restart) before it ended',
      });
    }
  }

  async function onEvent(channelId: string, event: TelephonyEvent): Promise<void> {
    const s = sessions.get(channelId);
    if (!s) return orphanEvent(channelId, event);
    switch (event.type) {
      case 'stasis_start': {
        s.answered = true;
        if (s.guardTimer) clearTimeout(s.guardTimer);
        s.guardTimer = setTimeout(() => {
          s.log.warn({ maxCallMs: deps.maxCallMs }, 'survey call reached its longest duration: hung up');
          void control.hangup(s.channelId, 'normal').catch(() => undefined);
        }, deps.maxCallMs);
        s.log.info({ channelId }, 'citizen answered the survey call');
        await deps.report().answered(s.surveyId, s.attempt).catch((err: unknown) => s.log.warn({ err }, 'could not record the answer time'));
        return runner.step(s.channelId, { type: 'answered' });
      }
      case 'dtmf':
        return runner.step(s.channelId, { type: 'key', digit: event.digit });
      case 'playback_finished':
        return runner.step(s.channelId, { type: 'prompt_finished', playbackId: event.playbackId });
      case 'channel_destroyed': {
        s.cause = event.cause;
        if (!s.answered) {
          await reportEnd(s, unansweredOutcome(event.cause), event.causeText ? { detail: event.causeText } : {});
        } else {
          await runner.step(s.channelId, { type: 'hung_up' });
          // the questionnaire has reported, unless the call ended before it started
          await reportEnd(s, 'not_answered', { result: 'not_answered' });
        }
        end(s);
        return;
      }
      default:
        return;
    }
  }

  return {
    async place(call: SurveyCall) {
      const channelId = surveyChannelId(call.surveyId, call.attempt);
      const s: Session = {
        surveyId: call.surveyId,
        attempt: call.attempt,
        channelId,
        answered: false,
        reported: false,
        cause: null,
        machine: createQuestionnaire(channelId),
        keyTimer: null,
        guardTimer: null,
        log: log.child({ surveyId: call.surveyId, attempt: call.attempt }),
      };
      sessions.set(channelId, s);
      // no answer and no event at all (lost websocket): give the attempt up after the ring time
      s.guardTimer = setTimeout(() => {
        void runner.run(channelId, async () => {
          if (!sessions.has(channelId) || s.answered) return;
          await tolerant(s, 'hangup', () => control.hangup(channelId, 'normal'));
          await reportEnd(s, 'no_answer', { detail: 'no answer within the ring time (no hang-up event seen)' });
          end(s);
        });
      }, (deps.ringSeconds + 15) * 1000);
      try {
        await control.originate({
          channelId,
          endpoint: `Local/${call.number}@${deps.outboundContext}/n`,
          callerNumber: deps.callerNumber,
          appArgs: ['case-survey', String(call.surveyId), String(call.attempt)],
          timeoutSeconds: deps.ringSeconds + 5,
          variables: { 'CHANNEL(language)': deps.language, OUTBOUND_RING: String(deps.ringSeconds) },
        });
      } catch (err) {
        end(s);
        throw err;
      }
    },

    claims: (event) => surveyChannelOf(event) !== null,

    route(event) {
      const channelId = surveyChannelOf(event);
      if (!channelId) return false;
      void runner.run(channelId, () => onEvent(channelId, event));
      return true;
    },

    handle(event) {
      const channelId = surveyChannelOf(event);
      if (!channelId) return Promise.resolve();
      return runner.run(channelId, () => onEvent(channelId, event));
    },

    async settleOrphans() {
      let settled = 0;
      for (const channelId of await control.listAppChannels()) {
        const leg = surveyLegOf(channelId);
        if (!leg || leg.farHalf || sessions.has(leg.channelId)) continue;
        await control.hangup(channelId, 'normal').catch(() => undefined);
        settled += 1;
      }
      if (settled) log.warn({ settled }, 'hung up survey calls left over from before the reconnect');
      return settled;
    },

    get active() {
      return sessions.size;
    },

    stop() {
      for (const s of sessions.values()) clearTimers(s);
    },
  };
}
