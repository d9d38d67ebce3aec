// The work order (工单): one citizen request from intake to archive. Names from the glossary:
// English in code, the Chinese label beside each value is what people see.

export const WORK_ORDER_STATUSES = [
  'accepted', // 受理: recorded by the agent, not yet dispatched or answered
  'pending_dispatch', // 待派单: waiting for a dispatcher
  'dispatched', // 已派单: sent to the lead department, not yet signed for
  'signed', // 已签收
  'in_progress', // 办理中: the department has recorded progress or contact
  'replied', // 已反馈: the department replied (办结反馈); the callback survey comes next
  'surveying', // 回访中
  'reopen_review', // 待重办审核: the citizen said unresolved or dissatisfied
  'dispute_review', // 退单审核中: the department disputes the dispatch (退单 / 派单异议)
  'closed', // 已办结 (directly by the agent, or after the survey)
  'archived', // 已归档
  'merged', // 已并单: merged into another order
  'cancelled', // 已撤销
] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<WorkOrderStatus, string>> = {
  accepted: '受理',
  pending_dispatch: '待派单',
  dispatched: '已派单',
  signed: '已签收',
  in_progress: '办理中',
  replied: '已反馈',
  surveying: '回访中',
  reopen_review: '待重办审核',
  dispute_review: '退单审核中',
  closed: '已办结',
  archived: '已归档',
  merged: '已并单',
  cancelled: '已撤销',
};

export const WORK_ORDER_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion'] as const;
export type WorkOrderType = (typeof WORK_ORDER_TYPES)[number];
export const TYPE_LABELS: Readonly<Record<WorkOrderType, string>> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
};

export const URGENCIES = ['emergency', 'urgent', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Readonly<Record<Urgency, string>> = { emergency: '紧急', urgent: '加急', normal: '一般' };

export const CHANNELS = ['phone', 'web', 'app', 'leader_line', 'other'] as const;
export type WorkOrderChannel = (typeof CHANNELS)[number];

/** 督办 level: none, then a yellow card, then a red card. */
export const SUPERVISION_LEVELS = ['none', 'yellow', 'red'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

export const WORK_ORDER_ACTIONS = [
  'submit', // 受理 → 待派单 (the agent leaves the dispatch to a dispatcher)
  'resolve_directly', // 直办办结
  'dispatch', // 派单
  'sign', // 签收 (department)
  'dispute', // 退单申请 (department)
  'redispatch', // 改派 (dispatcher: after a dispute, or on its own)
  'reject_dispute', // 驳回退单: back to the department
  'request_extension', // 延期申请 (department)
  'approve_extension', // 批准延期
  'reject_extension', // 驳回延期
  'record_progress', // 办理进展 (department)
  'record_contact', // 联系市民 (department)
  'reply', // 办结反馈 (department)
  'start_survey', // 回访开始 (system, when the reply arrives)
  'survey_result', // 回访结果 (system)
  'reopen', // 重办 (supervisor)
  'confirm_close', // 维持办结 (supervisor, after reopen_review)
  'remind', // 催办
  'supervise', // 督办 (yellow, then red)
  'merge', // 并单 into another order
  'cancel', // 撤销
  'archive', // 归档
  'append', // 补充: a new contact about the same request, added instead of a duplicate
] as const;
export type WorkOrderAction = (typeof WORK_ORDER_ACTIONS)[number];

export const ACTION_LABELS: Readonly<Record<WorkOrderAction, string>> = {
  submit: '提交待派',
  resolve_directly: '直办办结',
  dispatch: '派单',
  sign: '签收',
  dispute: '退单申请',
  redispatch: '改派',
  reject_dispute: '驳回退单',
  request_extension: '延期申请',
  approve_extension: '批准延期',
  reject_extension: '驳回延期',
  record_progress: '办理进展',
  record_contact: '联系市民',
  reply: '办结反馈',
  start_survey: '开始回访',
  survey_result: '回访结果',
  reopen: '重办',
  confirm_close: '维持办结',
  remind: '催办',
  supervise: '督办',
  merge: '并单',
  cancel: '撤销',
  archive: '归档',
  append: '补充诉求',
};

/** Which clock a deadline measures. */
export type DeadlineKind = 'dispatch' | 'sign' | 'reply';

/** The pending extension request of an order, if any. */
export interface ExtensionRequest {
  requestedUntil: Date;
  reason: string;
  requestedAt: Date;
}

/** What the lifecycle needs to know of an order (the stored record has more). */
export interface WorkOrderSnapshot {
  status: WorkOrderStatus;
  /** The status to go back to when a dispute is refused (the order's status before 退单申请). */
  statusBeforeDispute: WorkOrderStatus | null;
  leadDepartmentId: string | null;
  supervision: SupervisionLevel;
  extension: ExtensionRequest | null;
  /** How often the order was reopened (重办). */
  reopenCount: number;
}
