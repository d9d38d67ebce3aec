// An article's search terms: its title, tags and body cut into words by the TextSegmenter, made
// into terms by the pure rules of src/domain/knowledge/search-terms.ts.
import type { ArticleFields } from '../../domain/knowledge/article-schemas.js';
import { articleTerms, queryTerms, type IndexTerm } from '../../domain/knowledge/search-terms.js';
import type { TextSegmenter } from '../../ports/knowledge/text-segmenter.js';

export function termsOfArticle(segmenter: TextSegmenter, article: Pick<ArticleFields, 'title' | 'tags' | 'body'>): IndexTerm[] {
  return articleTerms({
    title: segmenter.segment(article.title),
    tags: article.tags.map((tag) => ({ tag, segments: segmenter.segment(tag) })),
    body: segmenter.segment(article.body),
  });
}

export const termsOfSearch = (segmenter: TextSegmenter, text: string): string[] => queryTerms(segmenter.segment(text));
