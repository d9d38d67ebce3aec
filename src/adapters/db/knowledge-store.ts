// The KnowledgeStore port on SQL (PostgreSQL or PGlite): tables `knowledge_articles` and
// `knowledge_terms` (migration 016). An article and its terms are written in one transaction.
import type { TermHit } from '../../domain/knowledge/ranking.js';
import type { IndexTerm, TermField } from '../../domain/knowledge/search-terms.js';
import type { KnowledgeArticle, KnowledgeStore, NewArticleRecord } from '../../ports/knowledge/knowledge-store.js';
import type { Database, Queryable } from './database.js';

interface ArticleRow {
  id: string;
  title: string;
  body: string;
  tags: string[];
  category_code: string | null;
  active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  updated_by: string;
}

const COLUMNS = 'id, title, body, tags, category_code, active, version, created_at, updated_at, updated_by';
const INSERT = `
  INSERT INTO knowledge_articles (id, title, body, tags, category_code, active, version, created_at, updated_at, updated_by)
  VALUES ($1, $2, $3, $4::text[], $5, true, 1, $6, $6, $7)
  ON CONFLICT (id) DO NOTHING RETURNING id`;
const UPDATE = `
  UPDATE knowledge_articles SET title = $3, body = $4, tags = $5::text[], category_code = $6, active = $7,
    version = version + 1, updated_at = $8, updated_by = $9
  WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`;
const TERM_HITS = `
  SELECT t.article_id, t.field, t.term, t.hits, a.updated_at
  FROM knowledge_terms t JOIN knowledge_articles a ON a.id = t.article_id
  WHERE t.term = ANY($1::text[]) AND ($3::boolean OR a.active) AND ($2::text IS NULL OR $2::text = ANY(a.tags))`;

async function writeTerms(q: Queryable, articleId: string, terms: readonly IndexTerm[]): Promise<void> {
  await q.query('DELETE FROM knowledge_terms WHERE article_id = $1', [articleId]);
  if (terms.length === 0) return;
  await q.query(
    `INSERT INTO knowledge_terms (article_id, field, term, hits)
     SELECT $1, f, t, h FROM unnest($2::text[], $3::text[], $4::int[]) AS x (f, t, h)`,
    [articleId, terms.map((t) => t.field), terms.map((t) => t.term), terms.map((t) => t.hits)],
  );
}

async function insertOne(q: Queryable, a: NewArticleRecord, at: Date, by: string): Promise<boolean> {
  const inserted = await q.query(INSERT, [a.id, a.title, a.body, a.tags, a.categoryCode, at, by]);
  if (inserted.length === 0) return false;
  await writeTerms(q, a.id, a.terms);
  return true;
}

export function createKnowledgeStore(db: Database): KnowledgeStore {
  return {
    async get(id) {
      const [row] = await db.query<ArticleRow>(`SELECT ${COLUMNS} FROM knowledge_articles WHERE id = $1`, [id]);
      return row ? toArticle(row) : null;
    },

    async getMany(ids) {
      if (ids.length === 0) return [];
      return (await db.query<ArticleRow>(`SELECT ${COLUMNS} FROM knowledge_articles WHERE id = ANY($1::text[])`, [[...ids]])).map(toArticle);
    },

    async list({ tag, limit, includeInactive }) {
      const rows = await db.query<ArticleRow>(
        `SELECT ${COLUMNS} FROM knowledge_articles WHERE ($1::boolean OR active) AND ($2::text IS NULL OR $2::text = ANY(tags))
         ORDER BY updated_at DESC, id LIMIT $3`,
        [includeInactive, tag, limit],
      );
      return rows.map(toArticle);
    },

    async termHits(terms, tag, includeInactive) {
      if (terms.length === 0) return [];
      const rows = await db.query<{ article_id: string; field: TermField; term: string; hits: number; updated_at: Date }>(TERM_HITS, [[...terms], tag, includeInactive]);
      return rows.map((r): TermHit => ({ articleId: r.article_id, field: r.field, term: r.term, hits: r.hits, articleUpdatedAt: new Date(r.updated_at).getTime() }));
    },

    insert: (article, at, by) => db.transaction((tx) => insertOne(tx, article, at, by)),

    insertMissing(articles, at, by) {
      return db.transaction(async (tx) => {
        const inserted: string[] = [];
        for (const article of articles) if (await insertOne(tx, article, at, by)) inserted.push(article.id);
        return inserted;
      });
    },

    update(id, version, change, at, by) {
      return db.transaction(async (tx) => {
        const [row] = await tx.query<ArticleRow>(UPDATE, [id, version, change.title, change.body, change.tags, change.categoryCode, change.active, at, by]);
        if (!row) return null;
        if (change.terms !== null) await writeTerms(tx, id, change.terms);
        return toArticle(row);
      });
    },
  };
}

function toArticle(row: ArticleRow): KnowledgeArticle {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    tags: row.tags,
    categoryCode: row.category_code,
    active: row.active,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    updatedBy: row.updated_by,
  };
}
