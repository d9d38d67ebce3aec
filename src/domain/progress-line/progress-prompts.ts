// Media names of the progress line's prompts (sounds/<lang>/<id>.wav, installed under hotline/;
// the channel language picks zh or en). Texts in sounds/manifest.json.
import type { WorkOrderStatus } from '../work-order/work-order-types.js';

export const PROGRESS_PROMPTS = {
  intro: 'sound:hotline/progress-intro',
  enterOrder: 'sound:hotline/progress-enter-order',
  enterLastFour: 'sound:hotline/progress-enter-last-four',
  statusIs: 'sound:hotline/progress-status-is',
  deadlineIs: 'sound:hotline/progress-deadline-is',
  month: 'sound:hotline/progress-month',
  day: 'sound:hotline/progress-day',
  notFound: 'sound:hotline/progress-not-found',
  unavailable: 'sound:hotline/progress-unavailable',
  goodbye: 'sound:hotline/progress-goodbye',
} as const;

/** One prompt per status: its label (STATUS_LABELS) read out. */
export const progressStatusPrompt = (status: WorkOrderStatus): string => `sound:hotline/progress-status-${status.replace(/_/g, '-')}`;
