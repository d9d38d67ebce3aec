// The knowledge base's seed file (dialplans/knowledge-articles.json): a JSON array of articles
// with fixed ids, checked whole before anything is written, every problem named by file, line
// and field (SeedFileError, as the departments' seed files), e.g.
//   dialplans/knowledge-articles.json is not a valid seed file:
//     - line 12, [1].categoryCode: no work-order category "utilities.heat"
// Then the articles not in the database yet are inserted (by id); an admin's edits and
// deactivations are kept.
import { articleSeedSchema, type ArticleSeed } from '../../domain/knowledge/article-schemas.js';
import type { KnowledgeStore } from '../../ports/knowledge/knowledge-store.js';
import type { TextSegmenter } from '../../ports/knowledge/text-segmenter.js';
import { parseSeedArray, SeedFileError } from '../department/seed-files.js';
import { termsOfArticle } from './article-terms.js';

export const SEED_ACTOR = 'system:seed';

export interface KnowledgeSeedFile {
  file: string;
  articles: ArticleSeed[];
  /** `line N, [i].field` of an article's field, for problems found after parsing. */
  where(index: number, field: string): string;
}

/** Parses and checks the file's text; throws SeedFileError naming every bad field and every repeated id. */
export function parseKnowledgeSeedFile(file: string, text: string): KnowledgeSeedFile {
  const { items: articles, where } = parseSeedArray(file, text, articleSeedSchema, 'articles');
  const first = new Map<string, number>();
  const problems: string[] = [];
  articles.forEach((article, i) => {
    const seen = first.get(article.id);
    if (seen !== undefined) problems.push(`${where(i, 'id')}: article [${seen}] already has the id "${article.id}"`);
    else first.set(article.id, i);
  });
  if (problems.length > 0) throw new SeedFileError(file, problems);
  return { file, articles, where };
}

export interface KnowledgeSeedDeps {
  store: KnowledgeStore;
  segmenter: TextSegmenter;
  category: (code: string) => Promise<{ active: boolean } | null>;
}

/** Inserts the seed articles missing from the store; their ids. Throws SeedFileError for a category that does not exist. */
export async function loadKnowledgeSeeds(deps: KnowledgeSeedDeps, seeds: KnowledgeSeedFile, at: Date): Promise<string[]> {
  const problems: string[] = [];
  for (const [i, article] of seeds.articles.entries()) {
    if (article.categoryCode !== null && !(await deps.category(article.categoryCode))) {
      problems.push(`${seeds.where(i, 'categoryCode')}: no work-order category "${article.categoryCode}"`);
    }
  }
  if (problems.length > 0) throw new SeedFileError(seeds.file, problems);
  const records = seeds.articles.map((article) => ({ ...article, terms: termsOfArticle(deps.segmenter, article) }));
  return deps.store.insertMissing(records, at, SEED_ACTOR);
}
