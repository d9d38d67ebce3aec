// The knowledge base's seed file: the shipped one parses and, cut into words by jieba, answers a
// question whose words are not side by side in the article; a bad file is refused whole,
// naming the line and the field of every problem.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createJiebaTextSegmenter } from '../../../src/adapters/text/jieba-text-segmenter.js';
import { SeedFileError } from '../../../src/app/department/seed-files.js';
import { termsOfArticle, termsOfSearch } from '../../../src/app/knowledge/article-terms.js';
import { parseKnowledgeSeedFile } from '../../../src/app/knowledge/knowledge-seeds.js';
import { rankArticles, type TermHit } from '../../../src/domain/knowledge/ranking.js';

const SHIPPED = 'dialplans/knowledge-articles.json';

function problemsOf(text: string): string[] {
  try {
    parseKnowledgeSeedFile('kb.json', text);
  } catch (err) {
    expect(err).toBeInstanceOf(SeedFileError);
    expect((err as Error).message).toMatch(/^kb\.json is not a valid seed file:/);
    return (err as SeedFileError).problems;
  }
  throw new Error('the file was accepted');
}

describe('the shipped seed file', () => {
  const seeds = parseKnowledgeSeedFile(SHIPPED, readFileSync(SHIPPED, 'utf8'));
  const segmenter = createJiebaTextSegmenter();
  const hits: TermHit[] = seeds.articles.flatMap((a) => termsOfArticle(segmenter, a).map((t) => ({ ...t, articleId: a.id, articleUpdatedAt: 0 })));
  const search = (q: string) => rankArticles(termsOfSearch(segmenter, q), hits).map((r) => r.articleId);

  it('has articles on heating, water, the social-security card, the housing fund and household registration', () => {
    const tags = new Set(seeds.articles.flatMap((a) => a.tags));
    for (const tag of ['供暖', '停水', '社保卡', '公积金', '户口']) expect(tags).toContain(tag);
  });

  it('a question whose words are apart in the article finds it first (segmentation, not a substring)', () => {
    const heating = seeds.articles.find((a) => a.id === 'heating-room-cold')!;
    expect(`${heating.title}${heating.body}`).not.toContain('供暖温度');
    expect(termsOfSearch(segmenter, '供暖温度')).toEqual(['供暖', '温度']);
    expect(search('供暖温度')[0]).toBe('heating-room-cold');
  });

  it.each([
    ['社保卡丢了怎么补办', 'social-security-card-lost'],
    ['公积金租房提取', 'housing-fund-withdrawal'],
    ['孩子刚出生怎么上户口', 'hukou-newborn-registration'],
    ['家里停水了', 'water-outage-notice'],
  ])('"%s" finds %s first', (q, id) => {
    expect(search(q)[0]).toBe(id);
  });
});

describe('a bad seed file', () => {
  it('names the line and field of each bad value', () => {
    const text = `[
  {
    "id": "ok-one",
    "title": "标题",
    "body": "正文"
  },
  {
    "id": "Bad Id",
    "title": "",
    "body": "正文",
    "tags": ["供暖"],
    "categoryCode": "Heating!"
  }
]`;
    const problems = problemsOf(text);
    expect(problems).toEqual([
      expect.stringMatching(/^line 8, \[1\]\.id: must be 1 to 64 lower-case/),
      expect.stringMatching(/^line 9, \[1\]\.title: must not be empty/),
      expect.stringMatching(/^line 12, \[1\]\.categoryCode: /),
    ]);
  });

  it('names a repeated id, an unknown field, a body with a control character, and text that is no JSON array', () => {
    expect(problemsOf('[{"id":"a","title":"t","body":"b"},\n{"id":"a","title":"t","body":"b"}]')).toEqual(['line 2, [1].id: article [0] already has the id "a"']);
    expect(problemsOf('[{"id":"a","title":"t","body":"b","author":"x"}]')[0]).toMatch(/^line 1, \[0\]: .*author/);
    expect(problemsOf('[{"id":"a","title":"t","body":"b\\u0007"}]')[0]).toMatch(/^line 1, \[0\]\.body: must not contain U\+0007/);
    expect(problemsOf('{"id":"a"}')[0]).toMatch(/^line 1, \(the file\): must be a JSON array of articles/);
    expect(problemsOf('[\n{"id": "a",\n}]')[0]).toMatch(/^line 3: not valid JSON/);
  });
});
