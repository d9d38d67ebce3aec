// The knowledge base's pure rules: which words of a segmented text become search terms, how the
// articles found are ordered (title and tag hits above body hits), and the snippet shown.
import { describe, expect, it } from 'vitest';
import { rankArticles, snippetOf, type TermHit } from '../../../src/domain/knowledge/ranking.js';
import { articleTerms, normaliseTerm, queryTerms } from '../../../src/domain/knowledge/search-terms.js';

describe('search terms', () => {
  it.each([
    ['暖气', '暖气'],
    ['ＡＢＣ', 'abc'],
    ['Wi-Fi', 'wi-fi'],
    ['，', null],
    [' ', null],
    ['的', null],
    ['怎么办', null],
    ['x'.repeat(33), null],
  ])('normalises %j to %j', (segment, term) => {
    expect(normaliseTerm(segment)).toBe(term);
  });

  it('a question keeps its subject words once each, in order, without particles and question words', () => {
    expect(queryTerms(['暖气', '不热', '怎么', '怎么办', '？', '暖气'])).toEqual(['暖气', '不热']);
  });

  it('an article has each term once per field with its count; a tag is a term whole and by its words', () => {
    const terms = articleTerms({
      title: ['社保', '社保卡', '丢', '了', '怎么', '补办'],
      tags: [{ tag: '社保卡', segments: ['社保', '社保卡'] }],
      body: ['补办', '社保卡', '，', '补办'],
    });
    expect(terms).toEqual(expect.arrayContaining([
      { term: '社保', field: 'title', hits: 1 },
      { term: '社保卡', field: 'title', hits: 1 },
      { term: '丢', field: 'title', hits: 1 },
      { term: '补办', field: 'title', hits: 1 },
      { term: '社保卡', field: 'tag', hits: 1 },
      { term: '社保', field: 'tag', hits: 1 },
      { term: '补办', field: 'body', hits: 2 },
      { term: '社保卡', field: 'body', hits: 1 },
    ]));
    expect(terms).toHaveLength(8);
  });
});

const hit = (articleId: string, term: string, field: TermHit['field'], hits = 1, articleUpdatedAt = 0): TermHit =>
  ({ articleId, term, field, hits, articleUpdatedAt });

describe('ranking', () => {
  it('a term in the title or tags ranks the article above one that has the words only in its body', () => {
    const ranked = rankArticles(['供暖', '温度'], [
      hit('body-only', '供暖', 'body', 5), hit('body-only', '温度', 'body', 5),
      hit('titled', '供暖', 'title'),
      hit('tagged', '温度', 'tag'),
    ]);
    expect(ranked.map((r) => r.articleId)).toEqual(['tagged', 'titled', 'body-only']);
    expect(ranked.find((r) => r.articleId === 'body-only')).toEqual({ articleId: 'body-only', score: 2, matchedTerms: ['供暖', '温度'] });
  });

  it('more of the search\'s terms rank higher; a term in title and body counts once', () => {
    const ranked = rankArticles(['供暖', '温度', '投诉'], [
      hit('one', '供暖', 'title'), hit('one', '供暖', 'body'),
      hit('two', '供暖', 'title'), hit('two', '温度', 'title'), hit('two', '投诉', 'body'),
    ]);
    expect(ranked).toEqual([
      { articleId: 'two', score: 9, matchedTerms: ['供暖', '温度', '投诉'] },
      { articleId: 'one', score: 4, matchedTerms: ['供暖'] },
    ]);
  });

  it('ties go to more body occurrences, then the article changed last, then the id', () => {
    const ranked = rankArticles(['停水'], [
      hit('b', '停水', 'body', 1, 100), hit('a', '停水', 'body', 1, 100), hit('newer', '停水', 'body', 1, 200), hit('often', '停水', 'body', 3, 0),
    ]);
    expect(ranked.map((r) => r.articleId)).toEqual(['often', 'newer', 'a', 'b']);
  });

  it('hits of terms the search does not have are ignored; no hits, no articles', () => {
    expect(rankArticles(['户口'], [hit('x', '公积金', 'title')])).toEqual([]);
    expect(rankArticles([], [])).toEqual([]);
  });
});

describe('snippet', () => {
  const body = '江州市集中供暖期为每年11月15日至次年3月15日，供暖期间卧室、起居室室内温度不得低于18℃。\n\n市民反映室温不达标时，请先确认是否已缴纳本供暖季采暖费。';

  it('starts a little before the first place a term occurs, on one line, cut with "…"', () => {
    const snippet = snippetOf(body, ['温度'], 30);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('温度');
    expect(snippet).not.toContain('\n');
    expect(snippet.replace(/…/g, '')).toHaveLength(30);
  });

  it('is the body\'s start when no term occurs, without "…" when the body is short', () => {
    expect(snippetOf(body, ['公积金'], 10)).toBe('江州市集中供暖期为每…');
    expect(snippetOf('短文。', ['温度'])).toBe('短文。');
  });

  it('finds a term whatever the case of the body', () => {
    expect(snippetOf(`${'甲'.repeat(50)}请打开 WiFi 设置`, ['wifi'], 20)).toBe(`…${'甲'.repeat(16)}请打开 WiFi 设置`.slice(0, 21) + '…');
  });
});
