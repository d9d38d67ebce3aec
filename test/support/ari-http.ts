// Reading Asterisk's state over ARI in tests: the stack's credentials, a reachability probe,
// and what Asterisk holds for a PJSIP endpoint.
import { readStackEnv } from './stack-env.js';

export interface AriCredentials {
  url: string;
  username: string;
  password: string;
}

/** ARI of the local stack (.stack/hotline.env), or null when the stack was never brought up. */
export function stackAri(): AriCredentials | null {
  try {
    const env = readStackEnv();
    if (!env.ARI_URL || !env.ARI_USERNAME || !env.ARI_PASSWORD) return null;
    return { url: env.ARI_URL, username: env.ARI_USERNAME, password: env.ARI_PASSWORD };
  } catch {
    return null;
  }
}

export async function ariGet<T = unknown>(ari: AriCredentials, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${ari.url}/ari${path}`, {
    headers: { authorization: `Basic ${Buffer.from(`${ari.username}:${ari.password}`).toString('base64')}` },
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: body as T };
}

/** Why ARI cannot be used right now, or null when it answers. */
export async function ariUnavailableReason(ari: AriCredentials | null): Promise<string | null> {
  if (!ari) return 'no .stack/hotline.env: run `bash scripts/stack.sh up`';
  try {
    const r = await ariGet(ari, '/asterisk/ping');
    return r.status === 200 ? null : `ARI answered ${r.status}`;
  } catch (err) {
    return `ARI at ${ari.url} does not answer (${(err as Error).message})`;
  }
}

/** The fields Asterisk holds for a res_pjsip object, or null if it has none by that id. */
export async function pjsipObject(ari: AriCredentials, type: 'endpoint' | 'auth' | 'aor', id: string): Promise<Record<string, string> | null> {
  const r = await ariGet<Array<{ attribute: string; value: string }>>(ari, `/asterisk/config/dynamic/res_pjsip/${type}/${id}`);
  if (r.status === 404) return null;
  if (r.status !== 200) throw new Error(`ARI GET res_pjsip/${type}/${id}: ${r.status}`);
  return Object.fromEntries(r.body.map((f) => [f.attribute, f.value]));
}

/** ARI's view of the endpoint: "online" while a registration is reachable. */
export async function endpointState(ari: AriCredentials, extension: string): Promise<string | null> {
  const r = await ariGet<{ state?: string }>(ari, `/endpoints/PJSIP/${extension}`);
  return r.status === 200 ? (r.body.state ?? null) : null;
}
