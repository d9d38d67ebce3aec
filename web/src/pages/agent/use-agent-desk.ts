// The agent desktop's live model: the agent's state (loaded, then followed on GET /api/events),
// the pop of the call offered (kept for this tab in sessionStorage, so a reload mid-call still
// shows the number), whether the caller hears the agent (use-caller-audio.ts), and the actions
// on the state and the call in hand, each answered by the server (an error is shown as text).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { apiGet, apiSend, type ApiAnswer, type SessionInfo } from '../../api';
import { useLiveEvents, type LiveEvent, type LiveStatus } from '../../live/live-events';
import { offerInHand, type DeskError } from './agent-desk-rules';
import { callIdOf, type AgentState, type CallerAudio, type CallOffer, type ChosenReason, type EmergencyNumber } from './agent-desk-types';
import { useCallerAudio } from './use-caller-audio';

export interface AgentDesk {
  state: AgentState | null;
  offer: CallOffer | null;
  audio: CallerAudio | null;
  live: LiveStatus;
  error: DeskError | null;
  busy: boolean;
  /** The emergency service being called into the call (after a 202), until the call ends. */
  emergency: EmergencyNumber | null;
  /** Changes when a call of this agent ends (lists of today's calls load again). */
  callsEnded: number;
  signIn(): void;
  signOut(): void;
  setReady(): void;
  setNotReady(reason: ChosenReason): void;
  hold(on: boolean): void;
  endService(): void;
  hangup(): void;
  handOver(number: EmergencyNumber): void;
}

const OFFER_KEY = 'hotline.agent.offer';

function savedOffer(): CallOffer | null {
  try {
    const text = sessionStorage.getItem(OFFER_KEY);
    return text ? (JSON.parse(text) as CallOffer) : null;
  } catch {
    return null;
  }
}

function saveOffer(offer: CallOffer): void {
  try {
    sessionStorage.setItem(OFFER_KEY, JSON.stringify(offer));
  } catch {
    // private mode: the pop lasts this page only
  }
}

export function useAgentDesk(session: SessionInfo): AgentDesk {
  const agentId = session.user.agentId ?? '';
  const base = `/api/agents/${encodeURIComponent(agentId)}`;
  const [state, setState] = useState<AgentState | null>(null);
  const [offer, setOffer] = useState<CallOffer | null>(savedOffer);
  const [error, setError] = useState<DeskError | null>(null);
  const [busy, setBusy] = useState(false);
  const [emergency, setEmergency] = useState<EmergencyNumber | null>(null);
  const [callsEnded, setCallsEnded] = useState(0);
  // events seen so far: an answer asked before the latest event may be older than it
  const eventsSeen = useRef(0);

  const callId = callIdOf(state);
  const { audio, refresh: refreshAudio } = useCallerAudio(agentId, state?.status === 'on_call' || state?.status === 'ringing');

  const applyState = useCallback((next: AgentState, askedAt: number) => {
    if (askedAt === eventsSeen.current) setState(next);
  }, []);

  const loadState = useCallback(async () => {
    const askedAt = eventsSeen.current;
    const answer = await apiGet<{ state: AgentState }>(`${base}/state`).catch(() => null);
    if (answer?.body) applyState(answer.body.state, askedAt);
    refreshAudio();
  }, [base, applyState, refreshAudio]);

  useEffect(() => {
    void loadState();
  }, [loadState]);

  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (event.agentId !== agentId) return;
      eventsSeen.current += 1;
      if (event.type === 'agent_state') setState(event.state as AgentState);
      if (event.type === 'call_offered') {
        const pop = event as unknown as CallOffer;
        setOffer(pop);
        saveOffer(pop);
      }
      if (event.type === 'call_ended') {
        setCallsEnded((n) => n + 1);
        setEmergency(null);
      }
      refreshAudio();
    },
    [agentId, refreshAudio],
  );
  const live = useLiveEvents({ enabled: agentId !== '', onEvent, onReset: () => void loadState() });

  // caught up on the stream: what happened between the first load and the stream's start
  useEffect(() => {
    if (live === 'live') void loadState();
  }, [live, loadState]);

  // the end of the call in hand: today's calls load again
  const wasOnCall = useRef(false);
  useEffect(() => {
    const onCall = state?.status === 'on_call';
    if (wasOnCall.current && !onCall) setCallsEnded((n) => n + 1);
    wasOnCall.current = onCall;
  }, [state?.status]);

  async function act(send: () => Promise<ApiAnswer<unknown>>, after?: (body: unknown) => void): Promise<void> {
    setBusy(true);
    setError(null);
    const askedAt = eventsSeen.current;
    try {
      const answer = await send();
      if (answer.status === 401) location.assign('/login?expired=1');
      else if (answer.error) setError({ status: answer.status, message: answer.error.message });
      else {
        const body = answer.body as { state?: AgentState } | null;
        if (body?.state) applyState(body.state, askedAt);
        after?.(answer.body);
      }
    } catch {
      setError({ status: 0, message: '' });
    } finally {
      setBusy(false);
      refreshAudio();
    }
  }

  const csrf = session.csrfToken;
  return {
    state,
    offer: offerInHand(offer, state),
    audio,
    live,
    error,
    busy,
    emergency: callId ? emergency : null,
    callsEnded,
    signIn: () => void act(() => apiSend('POST', `${base}/login`, csrf, { ready: true })),
    signOut: () => void act(() => apiSend('POST', `${base}/logout`, csrf)),
    setReady: () => void act(() => apiSend('PUT', `${base}/state`, csrf, { status: 'ready' })),
    setNotReady: (reason) => void act(() => apiSend('PUT', `${base}/state`, csrf, { status: 'not_ready', reason })),
    hold: (on) => void act(() => apiSend('POST', `${base}/${on ? 'hold' : 'unhold'}`, csrf)),
    endService: () => void act(() => apiSend('POST', `${base}/end-service`, csrf)),
    hangup: () => void act(() => apiSend('POST', `${base}/hangup`, csrf)),
    handOver: (number) => void act(() => apiSend('POST', `${base}/emergency`, csrf, { number }), () => setEmergency(number)),
  };
}
