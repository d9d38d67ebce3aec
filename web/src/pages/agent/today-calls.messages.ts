// The words of today's calls (今日通话) on the desktop: Chinese first, English with the same keys.
import type { Messages } from '../../i18n';

const zh = {
  title: '今日通话',
  count: '今日通话 {n}',
  rated: '已评价 {n}',
  satisfied: '满意率 {share}',
  none: '今日暂无通话',
  loadFailed: '今日通话加载失败（{status}）',
  time: '时间',
  number: '来电号码',
  talk: '通话时长',
  rating: '评价',
  talking: '通话中',
  'rating.satisfied': '满意',
  'rating.very_satisfied': '非常满意',
  'rating.basically_satisfied': '基本满意',
  'rating.dissatisfied': '不满意',
  'rating.none': '未评价',
};

export type TodayCallsWord = keyof typeof zh;

const en: Record<TodayCallsWord, string> = {
  title: "Today's calls",
  count: "Today's calls {n}",
  rated: 'Rated {n}',
  satisfied: 'Satisfied {share}',
  none: 'No calls yet today',
  loadFailed: "Could not load today's calls ({status})",
  time: 'Time',
  number: 'Caller',
  talk: 'Talk time',
  rating: 'Rating',
  talking: 'Talking',
  'rating.satisfied': 'Satisfied',
  'rating.very_satisfied': 'Very satisfied',
  'rating.basically_satisfied': 'Basically satisfied',
  'rating.dissatisfied': 'Dissatisfied',
  'rating.none': 'Not rated',
};

export const TODAY_CALLS_WORDS: Messages<TodayCallsWord> = { zh, en };
