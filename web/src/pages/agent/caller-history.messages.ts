// The words of the caller's history (重复来电) and of the call outcomes the desktop's lists show:
// Chinese first, English with the same keys.
import type { Messages } from '../../i18n';

const zh = {
  title: '来电历史',
  repeat: '重复来电',
  repeatDetail: '此前来电 {calls} 次 · 工单 {orders} 件',
  firstCall: '首次来电：无此前来电和工单',
  earlierCalls: '此前来电',
  earlierOrders: '此前工单',
  noCalls: '无此前来电',
  noOrders: '无此前工单',
  loadFailed: '来电历史加载失败（{status}）',
  time: '时间',
  outcome: '结果',
  agent: '座席',
  orderNo: '工单编号',
  status: '状态',
  category: '分类',
  type: '类型',
  'outcome.in_progress': '通话中',
  'outcome.emergency_handover': '转接紧急服务',
  'outcome.emergency_failed': '紧急转接失败',
  'outcome.queued': '排队中',
  'outcome.answered_by_agent': '座席已接听',
  'outcome.abandoned_in_queue': '排队中放弃',
  'outcome.abandoned_in_greeting': '欢迎语中挂断',
  'outcome.callback_requested': '预约回拨',
  'outcome.ended': '已结束',
  'status.accepted': '受理',
  'status.pending_dispatch': '待派单',
  'status.dispatched': '已派单',
  'status.signed': '已签收',
  'status.in_progress': '办理中',
  'status.replied': '已反馈',
  'status.surveying': '回访中',
  'status.reopen_review': '待重办审核',
  'status.dispute_review': '退单审核中',
  'status.closed': '已办结',
  'status.archived': '已归档',
  'status.merged': '已并单',
  'status.cancelled': '已撤销',
  'type.consultation': '咨询',
  'type.help': '求助',
  'type.complaint': '投诉',
  'type.report': '举报',
  'type.suggestion': '建议',
};

export type CallerHistoryWord = keyof typeof zh;

const en: Record<CallerHistoryWord, string> = {
  title: 'Caller history',
  repeat: 'Repeat caller',
  repeatDetail: '{calls} earlier calls · {orders} work orders',
  firstCall: 'First contact: no earlier calls or work orders',
  earlierCalls: 'Earlier calls',
  earlierOrders: 'Earlier work orders',
  noCalls: 'No earlier calls',
  noOrders: 'No earlier work orders',
  loadFailed: 'Could not load the caller history ({status})',
  time: 'Time',
  outcome: 'Outcome',
  agent: 'Agent',
  orderNo: 'Order no.',
  status: 'Status',
  category: 'Category',
  type: 'Type',
  'outcome.in_progress': 'In progress',
  'outcome.emergency_handover': 'Handed to emergency service',
  'outcome.emergency_failed': 'Emergency handover failed',
  'outcome.queued': 'Queued',
  'outcome.answered_by_agent': 'Answered by an agent',
  'outcome.abandoned_in_queue': 'Abandoned in queue',
  'outcome.abandoned_in_greeting': 'Hung up in greeting',
  'outcome.callback_requested': 'Callback requested',
  'outcome.ended': 'Ended',
  'status.accepted': 'Accepted',
  'status.pending_dispatch': 'Pending dispatch',
  'status.dispatched': 'Dispatched',
  'status.signed': 'Signed',
  'status.in_progress': 'In progress',
  'status.replied': 'Replied',
  'status.surveying': 'Surveying',
  'status.reopen_review': 'Reopen review',
  'status.dispute_review': 'Dispute review',
  'status.closed': 'Closed',
  'status.archived': 'Archived',
  'status.merged': 'Merged',
  'status.cancelled': 'Cancelled',
  'type.consultation': 'Consultation',
  'type.help': 'Help',
  'type.complaint': 'Complaint',
  'type.report': 'Report',
  'type.suggestion': 'Suggestion',
};

export const CALLER_HISTORY_WORDS: Messages<CallerHistoryWord> = { zh, en };

/** The word of a key of `prefix.` when the table has it, else the value itself (a value the table does not know yet). */
export function wordOr<K extends string>(w: (key: K) => string, table: Record<K, string>, key: string): string {
  return key in table ? w(key as K) : key.slice(key.indexOf('.') + 1);
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});

/** "2026-12-05T01:00:00Z" → "2026-12-05 09:00" (China time); "" for no time. */
export function chinaDateTime(iso: string | null): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const parts = Object.fromEntries(DATE_TIME.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
