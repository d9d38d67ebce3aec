// Whether the caller can hear the agent, from the call's real bridge state (GET
// /api/agents/:id/audio), never guessed from a click: polled every 400 ms while a call is in hand,
// and fetched at once after every action and event (`refresh`). An answer older than one already
// shown is dropped, so a slow poll never turns the indicator back.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { apiGet } from '../../api';
import type { CallerAudio } from './agent-desk-types';

export const AUDIO_POLL_MS = 400;

export function useCallerAudio(agentId: string, callInHand: boolean): { audio: CallerAudio | null; refresh: () => void } {
  const [audio, setAudio] = useState<CallerAudio | null>(null);
  const asked = useRef(0);
  const shown = useRef(0);
  const polling = useRef(false);

  const fetchAudio = useCallback(async () => {
    asked.current += 1;
    const seq = asked.current;
    try {
      const answer = await apiGet<CallerAudio>(`/api/agents/${encodeURIComponent(agentId)}/audio`);
      if (!answer.body || seq < shown.current) return;
      shown.current = seq;
      setAudio(answer.body);
    } catch {
      // the next poll or event asks again
    }
  }, [agentId]);

  const refresh = useCallback(() => void fetchAudio(), [fetchAudio]);

  useEffect(() => {
    void fetchAudio();
    if (!callInHand) return undefined;
    const timer = setInterval(() => {
      if (polling.current) return;
      polling.current = true;
      void fetchAudio().finally(() => (polling.current = false));
    }, AUDIO_POLL_MS);
    return () => clearInterval(timer);
  }, [callInHand, fetchAudio]);

  return { audio, refresh };
}
