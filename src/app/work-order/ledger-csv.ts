// The ledger's CSV: Chinese headers and labels for Excel, one line per order. A cell that
// starts with = + - @ (or a tab or carriage return) is prefixed with ' so a spreadsheet shows it
// as text instead of running it as a formula (CSV injection); cells are quoted per RFC 4180.
import {
  STATUS_LABELS,
  TYPE_LABELS,
  URGENCY_LABELS,
  type DeadlineKind,
  type SupervisionLevel,
  type WorkOrderChannel,
} from '../../domain/work-order/work-order-types.js';
import { wallClock } from '../../domain/survey/zoned-time.js';
import type { LedgerEntry } from './ledger-view.js';

/** Excel reads a file as UTF-8 (and shows Chinese) only with this byte order mark first. */
export const UTF8_BOM = '\uFEFF';

const CHANNEL_LABELS: Readonly<Record<WorkOrderChannel, string>> = {
  phone: '电话',
  web: '网站',
  app: '移动端',
  leader_line: '领导专线',
  other: '其他',
};
const SUPERVISION_LABELS: Readonly<Record<SupervisionLevel, string>> = { none: '', yellow: '黄牌督办', red: '红牌督办' };
const DEADLINE_LABELS: Readonly<Record<DeadlineKind, string>> = { dispatch: '派单超期', sign: '签收超期', reply: '反馈超期' };

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: neutralised against formulas, quoted when it holds a comma, quote or line break. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: ReadonlyArray<string | number | null | undefined>): string => `${cells.map(csvCell).join(',')}\r\n`;

export const LEDGER_CSV_HEADERS = [
  '工单编号', '受理时间', '状态', '渠道', '类型', '紧急程度', '分类编码', '分类', '区域', '主办单位', '协办单位',
  '市民姓名', '市民号码', '保密', '地点', '诉求内容', '督办', '重办次数', '派单时限', '签收时限', '反馈时限', '超期', '办结时间',
] as const;

const two = (n: number) => String(n).padStart(2, '0');

/** "2026-12-05 15:21:13" in the given time zone (what a spreadsheet reads as a date and time). */
export function wallTimeFormatter(timeZone: string): (at: Date | null) => string {
  return (at) => {
    if (!at) return '';
    const w = wallClock(at, timeZone);
    return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}:${two(w.second)}`;
  };
}

/** The CSV line of one order, as the viewer may see it (the entry is already masked). */
export function ledgerCsvLine(e: LedgerEntry, time: (at: Date | null) => string): string {
  return csvLine([
    e.orderNo,
    time(e.createdAt),
    STATUS_LABELS[e.status] ?? e.status,
    CHANNEL_LABELS[e.channel] ?? e.channel,
    TYPE_LABELS[e.type] ?? e.type,
    URGENCY_LABELS[e.urgency] ?? e.urgency,
    e.categoryCode,
    e.categoryName,
    e.districtName ?? e.districtId,
    e.leadDepartmentName ?? e.leadDepartmentId,
    (e.assistingDepartmentNames.length > 0 ? e.assistingDepartmentNames : e.assistingDepartmentIds).join('、'),
    e.citizenName,
    e.citizenNumber,
    e.confidential ? '是' : '否',
    e.location,
    e.description,
    SUPERVISION_LABELS[e.supervision] ?? e.supervision,
    e.reopenCount,
    time(e.dispatchDueAt),
    time(e.signDueAt),
    time(e.replyDueAt),
    e.overdue && e.dueKind ? DEADLINE_LABELS[e.dueKind] : '',
    time(e.closedAt),
  ]);
}
