// The editor of the knowledge-base admin page: title, tags, the work-order category code and the
// plain-text body of one article (new or stored); save, deactivate or reactivate. A save names
// the version it was made on: another admin's change in between is shown (409), with a reload.
import { useEffect, useState } from 'preact/hooks';
import { apiSend, type ApiAnswer, type SessionInfo } from '../../api';
import type { Lang, Translate } from '../../i18n';
import type { KnowledgeArticle } from '../agent/knowledge-panel-types';
import type { KNOWLEDGE_ADMIN_WORDS } from './knowledge-admin.messages';

export type AdminWords = Translate<keyof (typeof KNOWLEDGE_ADMIN_WORDS)['zh']>;

interface Draft {
  title: string;
  tags: string;
  categoryCode: string;
  body: string;
}

const draftOf = (a: KnowledgeArticle | null): Draft =>
  ({ title: a?.title ?? '', tags: a?.tags.join('，') ?? '', categoryCode: a?.categoryCode ?? '', body: a?.body ?? '' });

const fieldsOf = (d: Draft) => ({
  title: d.title.trim(),
  body: d.body,
  tags: d.tags.split(/[,，、\s]+/u).map((t) => t.trim()).filter(Boolean),
  categoryCode: d.categoryCode.trim() || null,
});

type Notice = { kind: 'saved' | 'deactivated' | 'activated'; version: number } | { kind: 'conflict'; version: number } | { kind: 'failed'; message: string } | null;

export interface EditorProps {
  w: AdminWords;
  lang: Lang;
  session: SessionInfo;
  /** The stored article, or null for a new one. */
  article: KnowledgeArticle | null;
  /** After a stored change: the article as it is now. */
  onStored: (article: KnowledgeArticle) => void;
  /** Reload the article from the server (after a conflict). */
  onReload: (id: string) => void;
}

export function KnowledgeEditor({ w, lang, session, article, onStored, onReload }: EditorProps) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(article));
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const set = (key: keyof Draft, value: string) => setDraft((d) => ({ ...d, [key]: value }));

  // another article (or the same one reloaded at a new version): its stored text
  useEffect(() => {
    setDraft(draftOf(article));
  }, [article?.id, article?.version]);

  async function send(work: Promise<ApiAnswer<KnowledgeArticle>>, done: 'saved' | 'deactivated' | 'activated') {
    setBusy(true);
    try {
      const answer = await work;
      if (answer.body) {
        setNotice({ kind: done, version: answer.body.version });
        onStored(answer.body);
      } else if (answer.status === 409 && answer.error?.details && 'currentVersion' in answer.error.details) {
        setNotice({ kind: 'conflict', version: Number((answer.error.details as { currentVersion: number }).currentVersion) });
      } else setNotice({ kind: 'failed', message: answer.error?.message ?? String(answer.status) });
    } catch (err) {
      setNotice({ kind: 'failed', message: String(err) });
    } finally {
      setBusy(false);
    }
  }

  const csrf = session.csrfToken;
  const save = () => {
    const fields = fieldsOf(draft);
    void send(article
      ? apiSend<KnowledgeArticle>('PUT', `/api/knowledge/${encodeURIComponent(article.id)}`, csrf, { ...fields, version: article.version })
      : apiSend<KnowledgeArticle>('POST', '/api/knowledge', csrf, fields), 'saved');
  };
  const deactivate = () => article && void send(apiSend<KnowledgeArticle>('DELETE', `/api/knowledge/${encodeURIComponent(article.id)}`, csrf), 'deactivated');
  const activate = () => article && void send(apiSend<KnowledgeArticle>('PUT', `/api/knowledge/${encodeURIComponent(article.id)}`, csrf, { ...fieldsOf(draftOf(article)), version: article.version, active: true }), 'activated');

  const time = article ? new Date(article.updatedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai' }) : '';
  return (
    <section class="kb-admin-editor" data-testid="kb-admin-editor" data-article-id={article?.id ?? ''}>
      <h3>{article ? w('editing') : w('creating')}</h3>
      {article ? (
        <p class="kb-admin-meta" data-testid="kb-admin-version">
          {w('versionOf', { version: article.version })} · {w('updatedBy', { who: article.updatedBy, time })}
          {article.active ? null : <span class="kb-admin-badge">{w('inactive')}</span>}
        </p>
      ) : null}
      <form onSubmit={(e) => { e.preventDefault(); save(); }}>
        <label>{w('fieldTitle')}<input value={draft.title} maxLength={120} data-testid="kb-admin-title" onInput={(e) => set('title', (e.target as HTMLInputElement).value)} /></label>
        <label>{w('fieldTags')}<input value={draft.tags} data-testid="kb-admin-tags" onInput={(e) => set('tags', (e.target as HTMLInputElement).value)} /></label>
        <label>{w('fieldCategory')}<input value={draft.categoryCode} maxLength={200} data-testid="kb-admin-category" onInput={(e) => set('categoryCode', (e.target as HTMLInputElement).value)} /></label>
        <label>{w('fieldBody')}<textarea value={draft.body} maxLength={20000} data-testid="kb-admin-body" onInput={(e) => set('body', (e.target as HTMLTextAreaElement).value)} /></label>
        <div class="kb-admin-actions">
          <button type="submit" disabled={busy} data-testid="kb-admin-save">{busy ? w('saving') : w('save')}</button>
          {article?.active ? <button type="button" class="secondary" disabled={busy} data-testid="kb-admin-deactivate" onClick={deactivate}>{w('deactivate')}</button> : null}
          {article && !article.active ? <button type="button" class="secondary" disabled={busy} data-testid="kb-admin-activate" onClick={activate}>{w('activate')}</button> : null}
        </div>
      </form>
      {notice?.kind === 'conflict' ? (
        <p class="kb-admin-conflict" role="alert" data-testid="kb-admin-conflict">
          {w('conflict', { version: notice.version })}
          {article ? <button type="button" class="secondary" data-testid="kb-admin-reload" onClick={() => { setNotice(null); onReload(article.id); }}>{w('reload')}</button> : null}
        </p>
      ) : notice?.kind === 'failed' ? (
        <p class="error" role="alert" data-testid="kb-admin-error">{w('failed', { message: notice.message })}</p>
      ) : notice ? (
        <p class="kb-admin-notice" data-testid="kb-admin-notice">{notice.kind === 'saved' ? w('saved', { version: notice.version }) : w(notice.kind)}</p>
      ) : null}
    </section>
  );
}
