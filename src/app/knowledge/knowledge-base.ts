// The knowledge base (知识库): agents, supervisors and admins search and read articles; admins
// create, edit and deactivate them. A search is cut into words by the TextSegmenter (jieba), so
// a question finds an article whose words it shares even when they are not side by side; the
// ranking and the snippet are the pure rules of src/domain/knowledge/ranking.ts. A change names
// the version it was made on (another admin's change in between: KnowledgeConflictError, 409).
// Every stored change is appended to the audit log (config_change, subject knowledge:<id>); the
// change is done by then, so an audit failure is logged, not answered as a failed change.
import { randomBytes } from 'node:crypto';
import type { ArticleFields } from '../../domain/knowledge/article-schemas.js';
import { rankArticles, snippetOf } from '../../domain/knowledge/ranking.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { KnowledgeArticle, KnowledgeStore } from '../../ports/knowledge/knowledge-store.js';
import type { TextSegmenter } from '../../ports/knowledge/text-segmenter.js';
import type { Logger } from '../../ports/logger.js';
import { termsOfArticle, termsOfSearch } from './article-terms.js';
import { KnowledgeConflictError, KnowledgeNotFoundError, KnowledgeRuleError } from './knowledge-errors.js';

export interface KnowledgeBaseDeps {
  store: KnowledgeStore;
  segmenter: TextSegmenter;
  /** The work-order category of the code, or null when there is none (the department directory). */
  category: (code: string) => Promise<{ active: boolean } | null>;
  audit?: Pick<AuditLog, 'append'>;
  now: () => Date;
  logger?: Logger;
  /** Default: "kb-" and 10 random hex digits. */
  generateId?: () => string;
}

export interface SearchQuery {
  /** Words to look for; empty: the articles edited last. */
  q: string;
  tag: string | null;
  limit: number;
  /** Inactive articles too (the admins' list); default: active ones only. */
  includeInactive?: boolean;
}

export interface FoundArticle {
  id: string;
  title: string;
  tags: string[];
  categoryCode: string | null;
  active: boolean;
  snippet: string;
  /** The search's terms the article has (for highlighting). */
  matchedTerms: string[];
  score: number;
  version: number;
  updatedAt: Date;
}

export interface SearchResult {
  /** The terms the search was cut into (stop words left out). */
  terms: string[];
  articles: FoundArticle[];
}

export interface KnowledgeBase {
  search(query: SearchQuery): Promise<SearchResult>;
  /** An active or inactive article; throws KnowledgeNotFoundError. */
  get(id: string): Promise<KnowledgeArticle>;
  /** Throws KnowledgeRuleError (category) or KnowledgeConflictError (id taken). */
  create(actor: string, fields: ArticleFields, id?: string): Promise<KnowledgeArticle>;
  /** Throws KnowledgeNotFoundError, KnowledgeRuleError or KnowledgeConflictError (not at `version`). */
  update(actor: string, id: string, version: number, fields: ArticleFields, active?: boolean): Promise<KnowledgeArticle>;
  /** Deactivating twice changes nothing. Throws KnowledgeNotFoundError. */
  deactivate(actor: string, id: string): Promise<KnowledgeArticle>;
}

const newId = () => `kb-${randomBytes(5).toString('hex')}`;

/** What the audit log keeps of an article: not its body, which may be long; its length says it changed. */
const auditView = (a: KnowledgeArticle) =>
  ({ title: a.title, tags: a.tags, categoryCode: a.categoryCode, active: a.active, version: a.version, bodyLength: a.body.length });

export function createKnowledgeBase(deps: KnowledgeBaseDeps): KnowledgeBase {
  const { store, segmenter, now } = deps;
  const generateId = deps.generateId ?? newId;
  const log = deps.logger?.child({ component: 'knowledge-base' });

  async function audited(actor: string, id: string, data: Record<string, unknown>): Promise<void> {
    log?.info({ articleId: id, change: data.action, by: actor }, 'knowledge article changed');
    try {
      await deps.audit?.append({ kind: 'config_change', at: now(), actor, subject: `knowledge:${id}`, data });
    } catch (err) {
      log?.error({ err, articleId: id, change: data.action }, 'knowledge article changed but not written to the audit log');
    }
  }

  async function checkCategory(fields: ArticleFields): Promise<void> {
    if (fields.categoryCode === null) return;
    const category = await deps.category(fields.categoryCode);
    if (!category) throw new KnowledgeRuleError([`categoryCode: no work-order category "${fields.categoryCode}"`]);
    if (!category.active) throw new KnowledgeRuleError([`categoryCode: the work-order category "${fields.categoryCode}" is inactive`]);
  }

  const mustGet = async (id: string): Promise<KnowledgeArticle> => {
    const found = await store.get(id);
    if (!found) throw new KnowledgeNotFoundError(id);
    return found;
  };

  const found = (a: KnowledgeArticle, terms: string[], matchedTerms: string[], score: number): FoundArticle => ({
    id: a.id, title: a.title, tags: a.tags, categoryCode: a.categoryCode, active: a.active,
    snippet: snippetOf(a.body, terms), matchedTerms, score, version: a.version, updatedAt: a.updatedAt,
  });

  return {
    async search({ q, tag, limit, includeInactive = false }) {
      if (q.trim() === '') {
        const latest = await store.list({ tag, limit, includeInactive });
        return { terms: [], articles: latest.map((a) => found(a, [], [], 0)) };
      }
      const terms = termsOfSearch(segmenter, q);
      if (terms.length === 0) return { terms, articles: [] };
      const ranked = rankArticles(terms, await store.termHits(terms, tag, includeInactive)).slice(0, limit);
      const articles = new Map((await store.getMany(ranked.map((r) => r.articleId))).map((a) => [a.id, a] as const));
      return {
        terms,
        articles: ranked.flatMap((r) => {
          const article = articles.get(r.articleId);
          return article ? [found(article, r.matchedTerms, r.matchedTerms, r.score)] : [];
        }),
      };
    },

    get: mustGet,

    async create(actor, fields, id = generateId()) {
      await checkCategory(fields);
      if (!(await store.insert({ ...fields, id, terms: termsOfArticle(segmenter, fields) }, now(), actor))) {
        throw new KnowledgeConflictError(`A knowledge article with id ${id} already exists`, null);
      }
      const created = await mustGet(id);
      await audited(actor, id, { action: 'knowledge_article_created', article: auditView(created) });
      return created;
    },

    async update(actor, id, version, fields, active) {
      const before = await mustGet(id);
      if (before.version !== version) throw conflict(before);
      await checkCategory(fields);
      const change = { ...fields, active: active ?? before.active, terms: termsOfArticle(segmenter, fields) };
      const after = await store.update(id, version, change, now(), actor);
      if (!after) throw conflict(await mustGet(id));
      await audited(actor, id, { action: 'knowledge_article_changed', before: auditView(before), after: auditView(after) });
      return after;
    },

    async deactivate(actor, id) {
      const before = await mustGet(id);
      if (!before.active) return before;
      const { title, body, tags, categoryCode } = before;
      const after = await store.update(id, before.version, { title, body, tags, categoryCode, active: false, terms: null }, now(), actor);
      if (!after) throw conflict(await mustGet(id));
      await audited(actor, id, { action: 'knowledge_article_deactivated', article: auditView(after) });
      return after;
    },
  };
}

const conflict = (current: KnowledgeArticle) =>
  new KnowledgeConflictError(`knowledge article ${current.id} was changed meanwhile: it is at version ${current.version}; read it again and redo the change`, current.version);
