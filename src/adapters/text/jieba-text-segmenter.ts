// The TextSegmenter on jieba (@node-rs/jieba: jieba-rs, a native module shipped prebuilt in its
// npm package) with its bundled dictionary, in search mode: a long word and the words inside it
// ("社保卡" → 社保, 社保卡), so a search finds either. Loading the dictionary takes ~0.2 s: build
// one segmenter at start and share it.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { TextSegmenter } from '../../ports/knowledge/text-segmenter.js';

export function createJiebaTextSegmenter(): TextSegmenter {
  const jieba = Jieba.withDict(dict);
  return {
    segment: (text) => (text === '' ? [] : jieba.cutForSearch(text, true)),
  };
}
