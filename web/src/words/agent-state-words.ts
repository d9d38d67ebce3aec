// One vocabulary of agents' states and not-ready reasons for every console (the agent's own
// desktop, the supervisor console, the wallboard): the same state has the same name everywhere.
export const AGENT_STATE_ZH = {
  'status.offline': '未签入',
  'status.ready': '就绪',
  'status.not_ready': '未就绪',
  'status.ringing': '振铃中',
  'status.on_call': '通话中',
  'status.wrap_up': '话后整理',
  'reason.break': '小休',
  'reason.meal': '用餐',
  'reason.training': '培训',
  'reason.meeting': '会议',
  'reason.other': '其他',
  'reason.missed_call': '未接来电',
  'reason.device_unreachable': '话机离线',
  'reason.connection_lost': '通话中断',
};

export const AGENT_STATE_EN: Record<keyof typeof AGENT_STATE_ZH, string> = {
  'status.offline': 'Logged out',
  'status.ready': 'Ready',
  'status.not_ready': 'Not ready',
  'status.ringing': 'Ringing',
  'status.on_call': 'On a call',
  'status.wrap_up': 'Wrap-up',
  'reason.break': 'Break',
  'reason.meal': 'Meal',
  'reason.training': 'Training',
  'reason.meeting': 'Meeting',
  'reason.other': 'Other',
  'reason.missed_call': 'Missed call',
  'reason.device_unreachable': 'Phone offline',
  'reason.connection_lost': 'Call connection lost',
};
