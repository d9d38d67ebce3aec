// 知识库 on the agent desktop: a search box (the server cuts the question into words, so the
// words need not be side by side in the article), the results with their tags and a snippet
// where the search's words are marked, and one article opened in place. Before any search: the
// articles updated last.
import { useEffect, useState } from 'preact/hooks';
import { apiGet, type SessionInfo } from '../../api';
import { translator, type Lang, type Translate } from '../../i18n';
import { Marked } from './knowledge-panel-text';
import type { FoundArticle as Found, KnowledgeArticle as Article, SearchAnswer } from './knowledge-panel-types';
import './knowledge-panel.css';
import { KNOWLEDGE_PANEL_WORDS } from './knowledge-panel.messages';

interface Results {
  /** The query as searched ('' for the latest articles). */
  query: string;
  terms: string[];
  articles: Found[];
}

type Words = Translate<keyof (typeof KNOWLEDGE_PANEL_WORDS)['zh']>;

function Tags({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul class="knowledge-tags">
      {tags.map((tag) => <li key={tag} class="knowledge-tag" data-testid="knowledge-tag">{tag}</li>)}
    </ul>
  );
}

function ArticleView({ w, lang, article, terms, onBack }: { w: Words; lang: Lang; article: Article; terms: string[]; onBack: () => void }) {
  const time = new Date(article.updatedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai' });
  return (
    <article class="knowledge-article" data-testid="knowledge-article" data-article-id={article.id}>
      <button type="button" class="secondary" onClick={onBack} data-testid="knowledge-back">{w('back')}</button>
      <h4 data-testid="knowledge-article-title">{article.title}</h4>
      <Tags tags={article.tags} />
      <p class="knowledge-article-meta">
        {article.categoryCode ? <span>{w('category')}: {article.categoryCode}</span> : null}
        <span>{w('updated', { time })}</span>
        <span>{w('version', { version: article.version })}</span>
      </p>
      {article.active ? null : <p class="knowledge-inactive">{w('inactive')}</p>}
      <p class="knowledge-article-body" data-testid="knowledge-article-body"><Marked text={article.body} terms={terms} /></p>
    </article>
  );
}

function ResultList({ w, results, onOpen }: { w: Words; results: Results; onOpen: (id: string) => void }) {
  const { query, terms, articles } = results;
  const status = query === '' ? w('latest') : articles.length > 0 ? w('results', { count: articles.length }) : terms.length === 0 ? w('onlyStopWords') : w('noResults');
  return (
    <>
      <p class="knowledge-status" data-testid="knowledge-status">{status}</p>
      <ul class="knowledge-results" data-testid="knowledge-results">
        {articles.map((a) => (
          <li key={a.id}>
            <button type="button" class="knowledge-result" data-testid="knowledge-result" data-article-id={a.id} onClick={() => onOpen(a.id)}>
              <span class="knowledge-result-title"><Marked text={a.title} terms={a.matchedTerms} /></span>
              <Tags tags={a.tags} />
              <span class="knowledge-snippet" data-testid="knowledge-snippet"><Marked text={a.snippet} terms={a.matchedTerms} /></span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

export function KnowledgePanel({ lang }: { lang: Lang; session: SessionInfo }) {
  const w = translator(KNOWLEDGE_PANEL_WORDS, lang);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Results | null>(null);
  const [article, setArticle] = useState<Article | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<number | null>(null);

  async function search(text: string) {
    setBusy(true);
    try {
      const answer = await apiGet<SearchAnswer>(`/api/knowledge?q=${encodeURIComponent(text)}&limit=10`);
      if (answer.body) {
        setResults({ query: text, ...answer.body });
        setArticle(null);
        setFailed(null);
      } else setFailed(answer.status);
    } catch {
      setFailed(0);
    } finally {
      setBusy(false);
    }
  }

  async function open(id: string) {
    const answer = await apiGet<Article>(`/api/knowledge/${encodeURIComponent(id)}`).catch(() => null);
    if (answer?.body) setArticle(answer.body);
    else setFailed(answer?.status ?? 0);
  }

  useEffect(() => {
    void search('');
  }, []);

  return (
    <section class="knowledge-panel" data-testid="knowledge-panel">
      <h3>{w('title')}</h3>
      <form
        class="knowledge-search"
        onSubmit={(e) => {
          e.preventDefault();
          void search(query.trim());
        }}
      >
        <input
          type="search"
          maxLength={100}
          value={query}
          placeholder={w('placeholder')}
          aria-label={w('title')}
          data-testid="knowledge-query"
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
        />
        <button type="submit" disabled={busy} data-testid="knowledge-search">{busy ? w('searching') : w('search')}</button>
      </form>
      {failed !== null ? <p class="error" role="alert" data-testid="knowledge-error">{w('loadFailed', { status: failed })}</p> : null}
      {article ? (
        <ArticleView w={w} lang={lang} article={article} terms={results?.terms ?? []} onBack={() => setArticle(null)} />
      ) : results ? (
        <ResultList w={w} results={results} onOpen={(id) => void open(id)} />
      ) : null}
    </section>
  );
}
