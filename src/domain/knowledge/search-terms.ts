// The terms a knowledge-base article is found by, and those of a search: the words a text
// segmenter (jieba for Chinese, see src/ports/knowledge/text-segmenter.ts) cut the text into,
// normalised (NFKC, lower case), without punctuation, and without the function words every
// question has (的, 了, 怎么, 如何…), so "暖气不热怎么办" is searched as 暖气 + 不热. Pure.

export type TermField = 'title' | 'tag' | 'body';

/** One term of an article and where it occurs; `hits` counts its occurrences in that field. */
export interface IndexTerm {
  term: string;
  field: TermField;
  hits: number;
}

export const MAX_TERM_LENGTH = 32;

/** Words that carry no subject: particles, pronouns, question words. */
const STOP_WORDS = new Set([
  '的', '了', '和', '与', '及', '或', '是', '在', '有', '也', '都', '就', '还', '又', '把', '被', '让', '给', '对', '向', '从', '到', '为', '以',
  '吗', '呢', '吧', '啊', '呀', '么', '嘛', '哦', '之', '其', '这', '那', '这个', '那个', '这些', '那些', '哪', '哪里', '哪儿',
  '我', '你', '您', '他', '她', '它', '我们', '你们', '他们', '自己', '请问', '请', '想', '要', '能', '会', '可以', '应该', '需要',
  '怎么', '怎么办', '怎样', '如何', '什么', '为什么', '多少', '几', '吗', '是否', '一下', '一个', '个', '些', '等', '啥',
  'the', 'a', 'an', 'of', 'to', 'and', 'or', 'in', 'on', 'for', 'is', 'how', 'what',
]);

const HAS_WORD = /[\p{L}\p{N}]/u;

/** The searchable form of one segment, or null when it is punctuation, space or a stop word. */
export function normaliseTerm(segment: string): string | null {
  const term = segment.normalize('NFKC').toLowerCase().trim();
  if (term.length === 0 || term.length > MAX_TERM_LENGTH || !HAS_WORD.test(term) || STOP_WORDS.has(term)) return null;
  return term;
}

/** The distinct terms of a search, in the order first met. */
export function queryTerms(segments: readonly string[]): string[] {
  const terms: string[] = [];
  for (const segment of segments) {
    const term = normaliseTerm(segment);
    if (term !== null && !terms.includes(term)) terms.push(term);
  }
  return terms;
}

export interface SegmentedArticle {
  title: readonly string[];
  /** Per tag: the tag's segments (the whole tag is always a term too). */
  tags: ReadonlyArray<{ tag: string; segments: readonly string[] }>;
  body: readonly string[];
}

/** Every term of an article, once per field, with its occurrences. */
export function articleTerms(article: SegmentedArticle): IndexTerm[] {
  const counts = new Map<string, IndexTerm>();
  const add = (field: TermField, segment: string) => {
    const term = normaliseTerm(segment);
    if (term === null) return;
    const key = `${field}\u0000${term}`;
    const found = counts.get(key);
    if (found) found.hits += 1;
    else counts.set(key, { term, field, hits: 1 });
  };
  for (const segment of article.title) add('title', segment);
  for (const { tag, segments } of article.tags) {
    add('tag', tag);
    for (const segment of segments) if (segment.trim() !== tag.trim()) add('tag', segment);
  }
  for (const segment of article.body) add('body', segment);
  return [...counts.values()];
}
