// What every per-key state machine of the domain (a call, an agent, a callback delivery, a
// survey's questionnaire) answers: the next state, the effects to run, and whether the event
// meant anything. A leaf: it imports nothing, so any machine may use it.

/** The event meant nothing in this state: the state unchanged, no effects (logged by the caller, never an error). */
export const ignored = <S>(state: S): { state: S; effects: never[]; handled: false } => ({ state, effects: [], handled: false });

/** Why a channel's machine was told it is gone by a command that met it gone (no Q.850 cause then). */
export const GONE_BEFORE_COMMAND = 'gone before a command (hang-up race)';
