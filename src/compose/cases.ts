// The case loop (工单): departments with the taxonomy and the dispatch catalogue, the
// working-day calendar, department webhooks, the deadline notices and the work orders, built in
// that order from the records; started in that order and stopped in reverse with the others.
// The callback surveys are their own part: the reply of an order requests one, and its answers
// come back through links.workOrders (bound here). The knowledge base (知识库) agents search while
// they take an order comes last: its articles may name the taxonomy's categories.
import type { Logger } from 'pino';
import type { CaseSurveys } from '../app/survey/case-surveys.js';
import type { Config } from '../config.js';
import { buildCalendar } from './calendar.js';
import { buildDepartments } from './departments.js';
import { buildKnowledge } from './knowledge.js';
import type { Links } from './links.js';
import { stopInReverse, type Part } from './part.js';
import type { Records } from './records.js';
import { buildWebhooks } from './webhooks.js';
import { buildWorkOrderNotices } from './work-order-notices.js';
import { buildWorkOrders } from './work-orders.js';

export interface CasesDeps {
  config: Config;
  records: Records;
  caseSurveys: CaseSurveys;
  links: Links;
  logger: Logger;
  now: () => Date;
}

export async function buildCases({ config, records, caseSurveys, links, logger, now }: CasesDeps) {
  const { db, audit } = records;
  // the orders' and notices' clock: shifted only in tests (WORK_ORDER_CLOCK_OFFSET_SECONDS)
  const caseNow = () => new Date(now().getTime() + config.WORK_ORDER_CLOCK_OFFSET_SECONDS * 1000);
  const departments = await buildDepartments(config, db, audit, logger, now);
  const calendar = await buildCalendar(config, db, audit, logger, now);
  const webhooks = buildWebhooks(config, db, logger, now);
  const notices = buildWorkOrderNotices({
    config, db, audit, actions: () => orders.actions, notifier: webhooks.notifier, calendar: calendar.calendar, logger, now: caseNow,
  });
  const orders = buildWorkOrders({
    db, audit, clock: calendar.clock, directory: departments.directory, notifier: webhooks.notifier,
    scheduler: notices.scheduler, caseSurveys, records: records.records, logger, now: caseNow,
  });
  links.workOrders.bind(orders.workOrders);
  const knowledge = await buildKnowledge(config, records, logger, now);
  const parts: Part[] = [departments, calendar, webhooks, notices];
  return {
    name: 'cases',
    /** What the HTTP routes need of the case loop. */
    http: { departments, calendar, webhooks: webhooks.webhooks, workOrders: orders, knowledge },
    start() {
      for (const part of parts) part.start?.();
    },
    stop: () => stopInReverse(parts, (part, err) => logger.error({ err, part }, 'a part of the case loop failed to stop')),
  };
}
