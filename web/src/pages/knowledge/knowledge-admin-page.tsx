// 知识库管理 (/knowledge, admins): the articles, inactive ones too, searched like the agents'
// panel; pick one to edit it, or create one (src/pages/knowledge/knowledge-admin-editor.tsx).
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../../api';
import { translator } from '../../i18n';
import type { FoundArticle, KnowledgeArticle, SearchAnswer } from '../agent/knowledge-panel-types';
import type { PageProps } from '../page-props';
import { KnowledgeEditor } from './knowledge-admin-editor';
import './knowledge-admin.css';
import { KNOWLEDGE_ADMIN_WORDS } from './knowledge-admin.messages';

export function KnowledgeAdminPage({ lang, session }: PageProps) {
  const w = translator(KNOWLEDGE_ADMIN_WORDS, lang);
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<FoundArticle[]>([]);
  /** The article being edited: stored, new (null), or none picked (undefined). */
  const [chosen, setChosen] = useState<KnowledgeArticle | null | undefined>(undefined);
  const [failed, setFailed] = useState<number | null>(null);
  /** A fresh editor each time an article is picked or a new one started (not after a save). */
  const [editing, setEditing] = useState(0);

  async function list(text: string) {
    const answer = await apiGet<SearchAnswer>(`/api/knowledge?q=${encodeURIComponent(text)}&includeInactive=true&limit=100`).catch(() => null);
    if (answer?.body) {
      setItems(answer.body.articles);
      setFailed(null);
    } else setFailed(answer?.status ?? 0);
  }

  async function open(id: string) {
    const answer = await apiGet<KnowledgeArticle>(`/api/knowledge/${encodeURIComponent(id)}`).catch(() => null);
    if (answer?.body) {
      setChosen(answer.body);
      setEditing((n) => n + 1);
    } else setFailed(answer?.status ?? 0);
  }

  useEffect(() => {
    void list('');
  }, []);

  return (
    <section data-testid="kb-admin-page">
      <h2>{w('title')}</h2>
      {failed !== null ? <p class="error" role="alert">{w('loadFailed', { status: failed })}</p> : null}
      <div class="kb-admin">
        <div class="kb-admin-list">
          <form class="kb-admin-search" onSubmit={(e) => { e.preventDefault(); void list(query.trim()); }}>
            <input type="search" value={query} maxLength={100} placeholder={w('placeholder')} aria-label={w('search')} data-testid="kb-admin-query"
              onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
            <button type="submit" data-testid="kb-admin-search">{w('search')}</button>
          </form>
          <button type="button" class="secondary" data-testid="kb-admin-new" onClick={() => {
            setChosen(null);
            setEditing((n) => n + 1);
          }}>{w('newArticle')}</button>
          <p class="kb-admin-meta">{items.length > 0 ? w('count', { count: items.length }) : w('none')}</p>
          <ul class="kb-admin-items">
            {items.map((a) => (
              <li key={a.id}>
                <button type="button" data-testid="kb-admin-item" data-article-id={a.id}
                  class={`kb-admin-item${a.active ? '' : ' inactive'}${chosen?.id === a.id ? ' chosen' : ''}`} onClick={() => void open(a.id)}>
                  <span class="kb-admin-item-title">{a.title}</span>
                  {a.active ? null : <span class="kb-admin-badge">{w('inactive')}</span>}
                  <span class="kb-admin-meta"> · {w('versionOf', { version: a.version })} · {a.tags.join('、')}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
        {chosen === undefined ? (
          <p class="kb-admin-editor">{w('pick')}</p>
        ) : (
          <KnowledgeEditor
            key={editing}
            w={w}
            lang={lang}
            session={session}
            article={chosen}
            onStored={(stored) => {
              setChosen(stored);
              void list(query.trim());
            }}
            onReload={(id) => void open(id)}
          />
        )}
      </div>
    </section>
  );
}
