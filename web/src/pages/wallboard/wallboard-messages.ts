// The wallboard's words (大屏): Chinese first, English available.
import type { Messages } from '../../i18n';

const zh = {
  title: '12345 热线实时大屏',
  waiting: '排队人数',
  longestWait: '最长等待',
  slToday: '今日 15 秒接通率',
  sl15: '近 15 分钟接通率',
  agentsReady: '就绪座席',
  agentsOnCall: '通话中',
  agentsWrapUp: '话后整理',
  agentsNotReady: '未就绪',
  clock: '北京时间 {time}',
};

export type WallboardMessageKey = keyof typeof zh;

const en: Record<WallboardMessageKey, string> = {
  title: '12345 Hotline wallboard',
  waiting: 'Waiting',
  longestWait: 'Longest wait',
  slToday: 'Answered in 15 s today',
  sl15: 'Answered in 15 s, last 15 min',
  agentsReady: 'Agents ready',
  agentsOnCall: 'On a call',
  agentsWrapUp: 'Wrap-up',
  agentsNotReady: 'Not ready',
  clock: 'Beijing time {time}',
};

export const WALLBOARD_MESSAGES: Messages<WallboardMessageKey> = { zh, en };
