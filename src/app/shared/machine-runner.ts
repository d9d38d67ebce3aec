// One runner for per-key state machines (a call, a callback delivery, a survey call, an agent):
// each event of a key runs after the ones before it — load the state, run the pure transition,
// save, run the effects. A channel that is gone when an effect runs (the normal race with a
// hang-up) is reported to the runner, which logs it and feeds the machine's own event for it back
// through the same queue: the machine decides what it means. Timers are effects like any other:
// the machine's effect runner starts them and feeds their firing back through `feed`.
import type { ChannelGoneError } from '../../ports/call/call-control.js';
import type { Logger } from '../../ports/logger.js';
import { createKeyedSerial } from './keyed-serial.js';

export interface MachineStep<S, F> {
  state: S;
  effects: F[];
  handled: boolean;
}

/** Called by an effect runner when an effect met a channel that is gone. */
export type ReportGone<F> = (effect: F, err: ChannelGoneError) => void;

/** What one event did to a key's machine: the state before and the step; null when the key had no state. */
export type StepOutcome<S, F> = { before: S; step: MachineStep<S, F> } | null;

export interface MachineSpec<S, E, F> {
  /** The key's state; null: none here (the event goes to onMissing). */
  load(key: string, event: E): Promise<S | null>;
  transition(state: S, event: E): MachineStep<S, F>;
  save(key: string, step: MachineStep<S, F>, before: S, event: E): Promise<void>;
  runEffects(key: string, step: MachineStep<S, F>, before: S, event: E, gone: ReportGone<F>): Promise<void>;
  /** The event a gone channel becomes for this machine; null: nothing to feed (a gone playback, bridge). */
  channelGone(key: string, effect: F, err: ChannelGoneError): E | null;
  /** An event for a key with no state here (another instance's call, one already forgotten). */
  onMissing?(key: string, event: E): void;
}

export interface MachineRunner<E, S = unknown, F = unknown> {
  /** Queues an event for a key. Resolves once handled; a failure is logged, never thrown. */
  feed(key: string, event: E): Promise<void>;
  /** Queues other work for a key (creating its state, then `step`); failures logged. */
  run(key: string, task: () => Promise<void>): Promise<void>;
  /** Handles an event now: only from inside work already queued for that key. */
  step(key: string, event: E): Promise<void>;
  /** Queues an event and answers what it did, for a caller that answers in turn (HTTP); a failure rejects. */
  send(key: string, event: E): Promise<StepOutcome<S, F>>;
  /** Queues other work for a key and answers its result; a failure rejects. */
  ask<T>(key: string, task: () => Promise<T>): Promise<T>;
  idle(): Promise<void>;
  /** Keys with work queued or running. */
  readonly busy: number;
}

export interface MachineRunnerOptions {
  log: Logger;
  /** The log field that names the key (callId, deliveryId, channelId). */
  keyName: string;
  /** The log message of a step that failed. */
  failure: string;
}

export function createMachineRunner<S, E, F>(spec: MachineSpec<S, E, F>, { log, keyName, failure }: MachineRunnerOptions): MachineRunner<E, S, F> {
  const serial = createKeyedSerial();

  const run = (key: string, task: () => Promise<void>): Promise<void> =>
    serial.run(key, task).catch((err: unknown) => log.error({ err, [keyName]: key }, failure));

  const feed = (key: string, event: E): Promise<void> => run(key, () => step(key, event));

  async function advance(key: string, event: E): Promise<StepOutcome<S, F>> {
    const before = await spec.load(key, event);
    if (before === null) {
      spec.onMissing?.(key, event);
      return null;
    }
    const next = spec.transition(before, event);
    await spec.save(key, next, before, event);
    await spec.runEffects(key, next, before, event, (effect, err) => {
      log.debug({ [keyName]: key, resource: err.resource }, 'target gone (hang-up race)');
      const goneEvent = spec.channelGone(key, effect, err);
      if (goneEvent !== null) void feed(key, goneEvent);
    });
    return { before, step: next };
  }

  async function step(key: string, event: E): Promise<void> {
    await advance(key, event);
  }

  return {
    feed,
    run,
    step,
    send: (key, event) => serial.run(key, () => advance(key, event)),
    ask: (key, task) => serial.run(key, task),
    idle: () => serial.idle(),
    get busy() {
      return serial.size;
    },
  };
}
