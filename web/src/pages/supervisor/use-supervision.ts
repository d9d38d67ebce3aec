// The supervisor's sessions on live calls (监听 / 耳语 / 强插) from the console: start one by
// ringing the supervisor's own extension (remembered in this browser), switch its mode, end it.
// The session's phase (ringing → active → ended) is read again every 2 s until it has ended.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { apiGet, apiSend, type ApiAnswer } from '../../api';

export type SupervisionMode = 'listen' | 'whisper' | 'barge';
export const SUPERVISION_MODES: readonly SupervisionMode[] = ['listen', 'whisper', 'barge'];

export interface SupervisionView {
  sessionId: string;
  callId: string;
  mode: SupervisionMode;
  phase: 'ringing' | 'active' | 'ended';
  endReason: string | null;
}

const EXTENSION_KEY = 'hotline.supervisorExtension';
const POLL_MS = 2_000;
export const EXTENSION_PATTERN = /^[0-9]{3,8}$/;

function savedExtension(): string {
  try {
    return localStorage.getItem(EXTENSION_KEY) ?? '';
  } catch {
    return '';
  }
}

export interface Supervision {
  extension: string;
  setExtension(extension: string): void;
  /** The latest session of each call the console started one on. */
  sessions: Record<string, SupervisionView>;
  /** The HTTP status of the last refused request, per call. */
  errors: Record<string, number>;
  start(callId: string, mode: SupervisionMode): Promise<void>;
  switchMode(callId: string, mode: SupervisionMode): Promise<void>;
  stop(callId: string): Promise<void>;
}

export function useSupervision(csrfToken: string): Supervision {
  const [extension, setExt] = useState(savedExtension);
  const [sessions, setSessions] = useState<Record<string, SupervisionView>>({});
  const [errors, setErrors] = useState<Record<string, number>>({});

  const setExtension = useCallback((value: string) => {
    setExt(value);
    try {
      localStorage.setItem(EXTENSION_KEY, value);
    } catch {
      // private mode: remembered on this page only
    }
  }, []);

  const took = (callId: string, answer: ApiAnswer<SupervisionView>) => {
    const session = answer.body;
    if (session) setSessions((s) => ({ ...s, [callId]: session }));
    setErrors((e) => {
      const { [callId]: _gone, ...rest } = e;
      return session ? rest : { ...rest, [callId]: answer.status };
    });
  };

  const start = async (callId: string, mode: SupervisionMode) => {
    took(callId, await apiSend<SupervisionView>('POST', `/api/calls/${encodeURIComponent(callId)}/supervision`, csrfToken, { mode, extension }));
  };
  const switchMode = async (callId: string, mode: SupervisionMode) => {
    const session = sessions[callId];
    if (!session) return;
    took(callId, await apiSend<SupervisionView>('POST', `/api/calls/${encodeURIComponent(callId)}/supervision/${session.sessionId}/mode`, csrfToken, { mode }));
  };
  const stop = async (callId: string) => {
    const session = sessions[callId];
    if (!session) return;
    took(callId, await apiSend<SupervisionView>('DELETE', `/api/calls/${encodeURIComponent(callId)}/supervision/${session.sessionId}`, csrfToken));
  };

  const open = Object.values(sessions).filter((s) => s.phase !== 'ended');
  const openKey = open.map((s) => s.sessionId).join(',');
  useEffect(() => {
    if (!openKey) return undefined;
    const timer = setInterval(() => {
      for (const s of open) {
        void apiGet<{ sessions: SupervisionView[] }>(`/api/calls/${encodeURIComponent(s.callId)}/supervision`).then((answer) => {
          const now = answer.body?.sessions.find((x) => x.sessionId === s.sessionId);
          if (now) setSessions((all) => ({ ...all, [s.callId]: now }));
        });
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [openKey]);

  return { extension, setExtension, sessions, errors, start, switchMode, stop };
}
