// Posts a signed department webhook with Node's global fetch. Only http: and https: URLs are
// sent to (anything else is refused, never tried); redirects are not followed (a 3xx is a
// failed attempt: the signed body goes only where the department said); the whole exchange,
// body included, is bounded by an AbortSignal timeout; at most a short excerpt of the answer is
// read, for the delivery log.
import type { AttemptResult } from '../../domain/webhook/webhook-delivery-rules.js';
import type { WebhookRequest, WebhookSender } from '../../ports/webhook/webhook-sender.js';

const EXCERPT_CHARS = 200;
const EXCERPT_BYTES = 2_048;

/** The URL if the hotline may post to it; the reason otherwise. */
export function checkWebhookUrl(url: string): { ok: true; url: URL } | { ok: false; error: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, error: 'refused: the webhook URL is not a valid URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, error: `refused: the webhook URL is ${parsed.protocol.replace(/:$/, '')}, only http and https are sent to` };
  }
  if (parsed.username || parsed.password) return { ok: false, error: 'refused: the webhook URL carries credentials' };
  return { ok: true, url: parsed };
}

/** The first bytes of the answer as text (control characters dropped), then the rest is cancelled. */
async function excerpt(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks).subarray(0, EXCERPT_BYTES));
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, EXCERPT_CHARS);
}

function failureText(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause ? `${e?.message ?? 'fetch failed'} (${cause})` : (e?.message ?? String(err));
}

export function createFetchWebhookSender(opts: { timeoutMs: number }): WebhookSender {
  return {
    async post(request: WebhookRequest): Promise<AttemptResult> {
      const checked = checkWebhookUrl(request.url);
      if (!checked.ok) return { kind: 'refused', error: checked.error };
      const signal = AbortSignal.timeout(opts.timeoutMs);
      try {
        const res = await fetch(checked.url, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal });
        if (res.status >= 200 && res.status < 300) {
          await res.body?.cancel().catch(() => undefined);
          return { kind: 'response', status: res.status };
        }
        const text = await excerpt(res).catch(() => '');
        return text ? { kind: 'response', status: res.status, excerpt: text } : { kind: 'response', status: res.status };
      } catch (err) {
        return { kind: 'failed', error: failureText(err, opts.timeoutMs) };
      }
    },
  };
}
