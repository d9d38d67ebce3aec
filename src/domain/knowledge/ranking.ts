// How the knowledge base orders what a search found, and the short snippet shown with each
// article. A search term found in an article's title or tags counts four times one found only
// in its body, so an article about the question comes before one that mentions its words; then
// more occurrences in the body, then the article edited last. Pure.
import type { IndexTerm } from './search-terms.js';

/** A search term found in one field of one article. */
export interface TermHit extends IndexTerm {
  articleId: string;
  /** When the article was last changed (ms since the epoch): the last tie-break. */
  articleUpdatedAt: number;
}

export interface RankedArticle {
  articleId: string;
  score: number;
  /** The search's terms the article has, in the search's order. */
  matchedTerms: string[];
}

export const TITLE_OR_TAG_WEIGHT = 4;
export const BODY_WEIGHT = 1;

interface Tally {
  strong: Set<string>;
  body: Set<string>;
  bodyHits: number;
  updatedAt: number;
}

/** The articles with at least one of the terms, best first; ties by the last change (latest first), then id. */
export function rankArticles(terms: readonly string[], hits: readonly TermHit[]): RankedArticle[] {
  const wanted = new Set(terms);
  const tallies = new Map<string, Tally>();
  for (const hit of hits) {
    if (!wanted.has(hit.term)) continue;
    let tally = tallies.get(hit.articleId);
    if (!tally) tallies.set(hit.articleId, (tally = { strong: new Set(), body: new Set(), bodyHits: 0, updatedAt: hit.articleUpdatedAt }));
    if (hit.field === 'body') {
      tally.body.add(hit.term);
      tally.bodyHits += hit.hits;
    } else tally.strong.add(hit.term);
  }
  const ranked = [...tallies].map(([articleId, t]) => {
    const bodyOnly = [...t.body].filter((term) => !t.strong.has(term)).length;
    return {
      articleId,
      score: TITLE_OR_TAG_WEIGHT * t.strong.size + BODY_WEIGHT * bodyOnly,
      bodyHits: t.bodyHits,
      updatedAt: t.updatedAt,
      matchedTerms: terms.filter((term) => t.strong.has(term) || t.body.has(term)),
    };
  });
  ranked.sort((a, b) => b.score - a.score || b.bodyHits - a.bodyHits || b.updatedAt - a.updatedAt || a.articleId.localeCompare(b.articleId));
  return ranked.map(({ articleId, score, matchedTerms }) => ({ articleId, score, matchedTerms }));
}

export const SNIPPET_LENGTH = 80;
const LEAD = 20;

/**
 * About SNIPPET_LENGTH characters of the body from a little before the first place one of the
 * terms occurs, on one line, with "…" where it was cut; the body's start when none occurs.
 */
export function snippetOf(body: string, terms: readonly string[], length = SNIPPET_LENGTH): string {
  const text = body.replace(/\s+/g, ' ').trim();
  // the text folded as terms are (NFKC, lower case) character by character, and where in the text each folded character is
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length;) {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    const f = ch.normalize('NFKC').toLowerCase();
    for (let k = 0; k < f.length; k += 1) origin.push(i);
    folded += f;
    i += ch.length;
  }
  let at = -1;
  for (const term of terms) {
    const found = folded.indexOf(term);
    if (found >= 0 && (at < 0 || origin[found]! < at)) at = origin[found]!;
  }
  const start = at <= LEAD ? 0 : Math.min(at - LEAD, Math.max(0, text.length - length));
  const end = Math.min(text.length, start + length);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}
