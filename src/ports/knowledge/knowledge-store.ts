// Where the knowledge base (知识库) keeps its articles and their search terms (SQL in
// src/adapters/db/knowledge-store.ts; the use cases in src/app/knowledge).
import type { ArticleFields } from '../../domain/knowledge/article-schemas.js';
import type { TermHit } from '../../domain/knowledge/ranking.js';
import type { IndexTerm } from '../../domain/knowledge/search-terms.js';

export interface KnowledgeArticle extends ArticleFields {
  id: string;
  active: boolean;
  /** 1 at creation, one more at each change: a change names the version it was made on. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** The audit actor of the last change (`user:<username>`, `token:<name>`, `system:seed`). */
  updatedBy: string;
}

export interface NewArticleRecord extends ArticleFields {
  id: string;
  terms: IndexTerm[];
}

export interface ArticleChange extends ArticleFields {
  active: boolean;
  /** The new terms; null keeps them (the text did not change). */
  terms: IndexTerm[] | null;
}

export interface KnowledgeStore {
  get(id: string): Promise<KnowledgeArticle | null>;
  getMany(ids: readonly string[]): Promise<KnowledgeArticle[]>;
  /** Articles by their last change, latest first (`tag`: only those with it). */
  list(filter: { tag: string | null; limit: number; includeInactive: boolean }): Promise<KnowledgeArticle[]>;
  /** Where the terms occur in active articles, or in all with `includeInactive` (`tag`: only those with it). */
  termHits(terms: readonly string[], tag: string | null, includeInactive: boolean): Promise<TermHit[]>;
  /** Inserts at version 1; false when the id is taken. */
  insert(article: NewArticleRecord, at: Date, by: string): Promise<boolean>;
  /** The ids inserted of those not there yet; the others are left as they are. */
  insertMissing(articles: readonly NewArticleRecord[], at: Date, by: string): Promise<string[]>;
  /**
   * Replaces the fields and terms if the article is at `version`; the article at its next
   * version, or null when it is missing or at another version.
   */
  update(id: string, version: number, change: ArticleChange, at: Date, by: string): Promise<KnowledgeArticle | null>;
}
