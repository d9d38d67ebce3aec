-- The knowledge base (知识库): articles agents search during a call, edited by admins. Articles
-- are deactivated, never deleted (the audit log names them: knowledge:<id>). `version` grows by
-- one at each change; a change names the version it was made on.
CREATE TABLE knowledge_articles (
  id             text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
  body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  tags           text[] NOT NULL DEFAULT '{}',
  category_code  text REFERENCES work_order_categories (code),
  active         boolean NOT NULL DEFAULT true,
  version        integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  updated_by     text NOT NULL
);

-- The search index: each article's words (cut by jieba in the app, so Chinese text is searched by
-- word), once per field, with their occurrences. Plain rows and a b-tree: no extension needed,
-- the same on PostgreSQL and PGlite.
CREATE TABLE knowledge_terms (
  article_id  text NOT NULL REFERENCES knowledge_articles (id) ON DELETE CASCADE,
  field       text NOT NULL CHECK (field IN ('title', 'tag', 'body')),
  term        text NOT NULL CHECK (length(term) BETWEEN 1 AND 32),
  hits        integer NOT NULL CHECK (hits >= 1),
  PRIMARY KEY (article_id, field, term)
);
CREATE INDEX knowledge_terms_by_term ON knowledge_terms (term);
