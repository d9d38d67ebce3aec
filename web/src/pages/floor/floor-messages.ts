// Words of the floor that the supervisor console and the wallboard share: agent states and
// not-ready reasons, the live marker, alerts, callback statuses. Chinese first, English available.
import { AGENT_STATE_EN, AGENT_STATE_ZH } from '../../words/agent-state-words';
import type { Messages } from '../../i18n';

const zh = {
  ...AGENT_STATE_ZH,
  'live.live': '实时',
  'live.connecting': '连接中…',
  'live.reconnecting': '重新连接中…',
  alerts: '告警',
  noAlerts: '暂无告警',
  'alert.long_wait': '{queue}：{count} 位市民等待超过 15 秒',
  'alert.long_not_ready': '{agent} 未就绪时间过长（{reason}）',
  'alert.incident': '新事件：{kind}（{severity}），通话 {callId}',
  alertSince: '自 {time}',
  'incident.agent_speech_after_end_of_service': '结束服务后座席仍在说话',
  'incident.agent_leg_outlived_caller': '市民挂机后座席线路未释放',
  'incident.agent_monologue_at_end': '通话结束前座席长时间独白',
  'severity.low': '低',
  'severity.medium': '中',
  'severity.high': '高',
  'severity.critical': '严重',
  loadFailed: '现场数据加载失败，正在重试…',
  'callback.none': '无回拨',
  'callback.waiting': '待回拨',
  'callback.delivering': '回拨中',
  'callback.retry_wait': '等待重拨',
  'callback.completed': '已回拨',
  'callback.failed_follow_up': '回拨失败，需跟进',
  'callback.cancelled': '已取消',
  'callbackOrigin.key': '市民按键预约',
  'callbackOrigin.missed_call': '漏接回拨',
};

export type FloorMessageKey = keyof typeof zh;

const en: Record<FloorMessageKey, string> = {
  ...AGENT_STATE_EN,
  'live.live': 'Live',
  'live.connecting': 'Connecting…',
  'live.reconnecting': 'Reconnecting…',
  alerts: 'Alerts',
  noAlerts: 'No alerts',
  'alert.long_wait': '{queue}: {count} caller(s) waiting over 15 s',
  'alert.long_not_ready': '{agent} not ready for long ({reason})',
  'alert.incident': 'New incident: {kind} ({severity}), call {callId}',
  alertSince: 'since {time}',
  'incident.agent_speech_after_end_of_service': 'Agent speech after the end of service',
  'incident.agent_leg_outlived_caller': "Agent's leg kept after the caller left",
  'incident.agent_monologue_at_end': 'Agent monologue at the end of the call',
  'severity.low': 'low',
  'severity.medium': 'medium',
  'severity.high': 'high',
  'severity.critical': 'critical',
  loadFailed: 'The floor could not be loaded; retrying…',
  'callback.none': 'No callback',
  'callback.waiting': 'Waiting',
  'callback.delivering': 'Calling back',
  'callback.retry_wait': 'Retry pending',
  'callback.completed': 'Called back',
  'callback.failed_follow_up': 'Failed, follow up',
  'callback.cancelled': 'Cancelled',
  'callbackOrigin.key': 'Caller asked',
  'callbackOrigin.missed_call': 'Missed-call callback',
};

export const FLOOR_MESSAGES: Messages<FloorMessageKey> = { zh, en };

/** A key of this table for a value from the API ("status." + "on_call"); the fallback when the value is new. */
export function floorKey(prefix: 'status' | 'reason' | 'callback' | 'callbackOrigin' | 'incident' | 'severity', value: string): FloorMessageKey | null {
  const key = `${prefix}.${value}`;
  return key in zh ? (key as FloorMessageKey) : null;
}
