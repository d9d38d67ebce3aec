// ARI push configuration over plain HTTP: GET, PUT and DELETE on
// /ari/asterisk/config/dynamic/{configClass}/{objectType}/{id}. Plain fetch with basic auth
// rather than ari-client: it works whether or not the events websocket is up, every request
// has a timeout, and the HTTP status stays visible (404 on delete = already gone).
// A PUT answer echoes every field of the object, passwords included: it is never read.
import { SipProvisioningError } from './sip-provisioning-error.js';

export interface AriConfigApiOptions {
  /** ARI_URL, e.g. http://127.0.0.1:8088 */
  url: string;
  username: string;
  password: string;
  /** Per request. Default 5000 ms. */
  timeoutMs?: number;
}

export interface ConfigField {
  attribute: string;
  value: string;
}

export interface AriConfigApi {
  /** The object's fields as Asterisk shows them, or null if there is none by that id. */
  get(configClass: string, objectType: string, id: string): Promise<Record<string, string> | null>;
  /** Creates the object, or updates the fields given on an existing one. */
  put(configClass: string, objectType: string, id: string, fields: readonly ConfigField[]): Promise<void>;
  /** Deletes the object. Returns false if it did not exist. */
  remove(configClass: string, objectType: string, id: string): Promise<boolean>;
}

export function createAriConfigApi(options: AriConfigApiOptions): AriConfigApi {
  const base = `${options.url.replace(/\/+$/, '')}/ari/asterisk/config/dynamic`;
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  const timeoutMs = options.timeoutMs ?? 5000;

  /** On success `text` is the answer body, read only when `keepBody` (a PUT answer holds passwords). */
  async function request(
    method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown, keepBody = false,
  ): Promise<{ status: number; message: string; text: string }> {
    const what = `ARI ${method} ${path}`;
    let res: Response;
    try {
      res = await fetch(`${base}/${path}`, {
        method,
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const reason = err instanceof Error && err.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : describe(err);
      throw new SipProvisioningError('ari-unreachable', `${what}: ${reason}`, { cause: err });
    }
    if (res.ok) {
      if (keepBody) return { status: res.status, message: '', text: await res.text() };
      await res.body?.cancel();
      return { status: res.status, message: '', text: '' };
    }
    return { status: res.status, message: await errorMessage(res), text: '' };
  }

  const path = (configClass: string, objectType: string, id: string) =>
    [configClass, objectType, id].map(encodeURIComponent).join('/');

  return {
    async get(configClass, objectType, id) {
      const p = path(configClass, objectType, id);
      const { status, message, text } = await request('GET', p, undefined, true);
      if (status === 404) return null;
      if (status >= 300) throw new SipProvisioningError('ari-rejected', `ARI GET ${p}: ${status} ${message}`, { status });
      const fields = JSON.parse(text) as ConfigField[];
      return Object.fromEntries(fields.map((f) => [f.attribute, f.value]));
    },

    async put(configClass, objectType, id, fields) {
      const p = path(configClass, objectType, id);
      const { status, message } = await request('PUT', p, { fields });
      if (status < 300) return;
      // 403 on an id that exists in a read-only wizard (pjsip.conf): "Cannot update sorcery objects of type ..."
      if (status === 403 && /cannot update/i.test(message)) {
        throw new SipProvisioningError('sip-account-static', `${objectType} "${id}" is defined in pjsip.conf and cannot be pushed over ARI`, { status });
      }
      const hint = status === 403 || status === 404 ? ' (is dialplans/sorcery.conf with the memory wizard installed?)' : '';
      throw new SipProvisioningError('ari-rejected', `ARI PUT ${p}: ${status} ${message}${hint}`, { status });
    },

    async remove(configClass, objectType, id) {
      const p = path(configClass, objectType, id);
      const { status, message } = await request('DELETE', p);
      if (status < 300) return true;
      if (status === 404) return false;
      if (status === 403) {
        throw new SipProvisioningError('sip-account-static', `${objectType} "${id}" is defined in pjsip.conf and cannot be deleted over ARI`, { status });
      }
      throw new SipProvisioningError('ari-rejected', `ARI DELETE ${p}: ${status} ${message}`, { status });
    },
  };
}

async function errorMessage(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
    const m = parsed.message ?? parsed.error;
    if (typeof m === 'string') return m;
  } catch {
    // not JSON: use the text itself
  }
  return text.slice(0, 200) || res.statusText;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? (cause as NodeJS.ErrnoException).code ?? cause.message : undefined;
  return detail ? `${err.message} (${detail})` : err.message;
}
