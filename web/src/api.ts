// The consoles' calls to the hotline's API: same origin, the session cookie sent by the browser,
// and the session's CSRF token on every request that changes something.
export interface SessionUser {
  username: string;
  name: string;
  role: 'agent' | 'supervisor' | 'auditor' | 'admin' | 'department';
  agentId: string | null;
  departmentId: string | null;
}

export interface SessionInfo {
  user: SessionUser;
  csrfToken: string;
  pages: string[];
}

export interface ApiAnswer<T> {
  status: number;
  body: T | null;
  error: { code: string; message: string; details?: { retryAfterSeconds?: number } } | null;
}

export async function call<T>(method: string, path: string, body?: unknown, csrfToken?: string): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  if (res.ok) return { status: res.status, body: json as T, error: null };
  return { status: res.status, body: null, error: (json?.error as ApiAnswer<T>['error']) ?? { code: 'unknown', message: res.statusText } };
}

export const login = (username: string, password: string) => call<SessionInfo>('POST', '/api/session', { username, password });
export const currentSession = () => call<SessionInfo>('GET', '/api/session');
export const logout = (csrfToken: string) => call<null>('DELETE', '/api/session', undefined, csrfToken);

/** A GET of the API as this session (JSON). */
export const apiGet = <T>(path: string) => call<T>('GET', path);
/** A change (POST, PUT, PATCH, DELETE) as this session, with its CSRF token. */
export const apiSend = <T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, csrfToken: string, body?: unknown) =>
  call<T>(method, path, body, csrfToken);
