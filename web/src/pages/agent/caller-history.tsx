// The caller's history on the desktop: for the number in hand, its earlier calls (the call in hand
// left out) and work orders, with a 重复来电 marker counting them when there are any.
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../../api';
import { translator, type Lang } from '../../i18n';
import './caller-history.css';
import { CALLER_HISTORY_WORDS, chinaDateTime, wordOr } from './caller-history.messages';
import { loadCategoryRows } from './work-order-form-categories';

interface EarlierCall {
  callId: string;
  startedAt: string;
  outcome: string;
  agentId: string | null;
  timeToAgentMs: number | null;
}

interface EarlierOrder {
  orderNo: string;
  status: string;
  type: string;
  categoryCode: string;
  createdAt: string;
}

interface History {
  calls: EarlierCall[];
  orders: EarlierOrder[];
  categoryNames: Map<string, string>;
}

const NUMBER = /^\+?\d{3,20}$/;
const SHOWN = 10;

async function loadHistory(number: string, currentCallId: string | null): Promise<History | { failed: number }> {
  const path = encodeURIComponent(number);
  const [calls, orders, categories] = await Promise.all([
    apiGet<{ calls: EarlierCall[] }>(`/api/citizens/${path}/calls?limit=${SHOWN + 1}`),
    apiGet<{ orders: EarlierOrder[] }>(`/api/citizens/${path}/work-orders?limit=${SHOWN}`),
    loadCategoryRows(),
  ]);
  if (!calls.body) return { failed: calls.status };
  if (!orders.body) return { failed: orders.status };
  return {
    calls: calls.body.calls.filter((c) => c.callId !== currentCallId).slice(0, SHOWN),
    orders: orders.body.orders,
    categoryNames: new Map((categories ?? []).map((c) => [c.code, c.path])),
  };
}

export function CallerHistory({ lang, number, currentCallId }: { lang: Lang; number: string | null; currentCallId: string | null }) {
  const w = translator(CALLER_HISTORY_WORDS, lang);
  const words = CALLER_HISTORY_WORDS[lang];
  const [history, setHistory] = useState<History | { failed: number } | null>(null);

  useEffect(() => {
    setHistory(null);
    if (!number || !NUMBER.test(number)) return undefined;
    let current = true;
    loadHistory(number, currentCallId)
      .then((h) => current && setHistory(h))
      .catch(() => current && setHistory({ failed: 0 }));
    return () => {
      current = false;
    };
  }, [number, currentCallId]);

  if (!number || !NUMBER.test(number)) return null;
  if (!history) return <section class="caller-history" data-testid="caller-history"><h3>{w('title')}</h3></section>;
  if ('failed' in history) {
    return (
      <section class="caller-history" data-testid="caller-history">
        <h3>{w('title')}</h3>
        <p class="error" data-testid="caller-history-error">{w('loadFailed', { status: history.failed })}</p>
      </section>
    );
  }
  const { calls, orders, categoryNames } = history;
  const repeat = calls.length + orders.length > 0;
  return (
    <section class="caller-history" data-testid="caller-history">
      <h3>
        {w('title')}
        {repeat ? (
          <span class="repeat-marker" data-testid="repeat-caller" data-calls={calls.length} data-orders={orders.length}>
            {w('repeat')} · {w('repeatDetail', { calls: calls.length, orders: orders.length })}
          </span>
        ) : null}
      </h3>
      {!repeat ? <p class="first-call" data-testid="first-call">{w('firstCall')}</p> : null}
      {repeat ? (
        <div class="history-lists">
          <div>
            <h4>{w('earlierCalls')}</h4>
            {calls.length === 0 ? <p class="empty">{w('noCalls')}</p> : (
              <table data-testid="earlier-calls">
                <thead><tr><th>{w('time')}</th><th>{w('outcome')}</th><th>{w('agent')}</th></tr></thead>
                <tbody>
                  {calls.map((c) => (
                    <tr key={c.callId} data-call-id={c.callId}>
                      <td>{chinaDateTime(c.startedAt)}</td>
                      <td>{wordOr(w, words, `outcome.${c.outcome}`)}</td>
                      <td>{c.agentId ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <div>
            <h4>{w('earlierOrders')}</h4>
            {orders.length === 0 ? <p class="empty">{w('noOrders')}</p> : (
              <table data-testid="earlier-orders">
                <thead><tr><th>{w('orderNo')}</th><th>{w('time')}</th><th>{w('type')}</th><th>{w('status')}</th><th>{w('category')}</th></tr></thead>
                <tbody>
                  {orders.map((o) => (
                    <tr key={o.orderNo}>
                      <td class="order-no">{o.orderNo}</td>
                      <td>{chinaDateTime(o.createdAt)}</td>
                      <td>{wordOr(w, words, `type.${o.type}`)}</td>
                      <td>{wordOr(w, words, `status.${o.status}`)}</td>
                      <td class="category">{categoryNames.get(o.categoryCode) ?? o.categoryCode}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
      ) : null}
    </section>
  );
}
