// Cuts a text into words, so that Chinese text (written without spaces) can be searched by word:
// "冬季供暖室内温度不达标" → 冬季 供暖 室内 温度 不 达标. Implemented with jieba in
// src/adapters/text/jieba-text-segmenter.ts; the terms are made from the words in
// src/domain/knowledge/search-terms.ts.
export interface TextSegmenter {
  /** The words of `text` in order, a longer word's parts too (search mode), punctuation included. */
  segment(text: string): string[];
}
