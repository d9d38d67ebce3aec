// The words of the knowledge panel (知识库) on the agent desktop: Chinese first, English with the same keys.
import type { Messages } from '../../i18n';

const zh = {
  title: '知识库',
  placeholder: '输入问题或关键词，如：供暖温度',
  search: '搜索',
  searching: '搜索中…',
  latest: '最近更新',
  results: '找到 {count} 条',
  noResults: '没有找到相关条目，请换个说法试试',
  onlyStopWords: '请输入更具体的关键词',
  back: '返回结果',
  category: '分类',
  updated: '更新于 {time}',
  version: '版本 {version}',
  inactive: '此条目已停用',
  loadFailed: '知识库加载失败（{status}）',
};

const en: Record<keyof typeof zh, string> = {
  title: 'Knowledge base',
  placeholder: 'A question or keywords, e.g. heating temperature',
  search: 'Search',
  searching: 'Searching…',
  latest: 'Recently updated',
  results: '{count} found',
  noResults: 'Nothing found; try other words',
  onlyStopWords: 'Type more specific words',
  back: 'Back to results',
  category: 'Category',
  updated: 'Updated {time}',
  version: 'Version {version}',
  inactive: 'This article is no longer active',
  loadFailed: 'The knowledge base could not be loaded ({status})',
};

export const KNOWLEDGE_PANEL_WORDS: Messages<keyof typeof zh> = { zh, en };
