// What the knowledge base's API answers (GET /api/knowledge, GET /api/knowledge/:id), for the
// agent's panel and the admins' page.
export interface FoundArticle {
  id: string;
  title: string;
  tags: string[];
  categoryCode: string | null;
  active: boolean;
  snippet: string;
  /** The search's words the article has (for marking them). */
  matchedTerms: string[];
  version: number;
}

export interface SearchAnswer {
  /** The words the search was cut into. */
  terms: string[];
  articles: FoundArticle[];
}

export interface KnowledgeArticle {
  id: string;
  title: string;
  body: string;
  tags: string[];
  categoryCode: string | null;
  active: boolean;
  version: number;
  updatedAt: string;
  updatedBy: string;
}
