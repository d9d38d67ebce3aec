// Dialplan changes in the audit log: the files of the dialplans folder are hashed at start and
// every interval; a file added, changed or removed since the audit log last recorded it gets a
// `dialplan_change` entry (subject `dialplan:<file>`, before and after hashes). What the log
// last recorded is read back from the log itself, so a restart records only real changes.
import { configFileChanges } from '../../domain/audit/config-file-changes.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { Logger } from '../../ports/logger.js';

export interface DialplanAuditDeps {
  audit: AuditLog;
  /** File name → SHA-256 of what is on disk now. */
  currentHashes: () => Promise<Map<string, string>>;
  now: () => Date;
  logger: Logger;
}

const PAGE = 500;

async function recordedHashes(audit: AuditLog): Promise<Map<string, string | null>> {
  const recorded = new Map<string, string | null>();
  // newest first: the first entry seen for a file is its latest state
  for (let offset = 0; ; offset += PAGE) {
    const page = await audit.list({ kind: 'dialplan_change', limit: PAGE, offset });
    for (const e of page) {
      const file = e.subject.replace(/^dialplan:/, '');
      if (!recorded.has(file)) recorded.set(file, typeof e.data.after === 'string' ? e.data.after : null);
    }
    if (page.length < PAGE) return recorded;
  }
}

export function createDialplanAudit(deps: DialplanAuditDeps) {
  const log = deps.logger.child({ component: 'dialplan-audit' });
  let running: Promise<number> | null = null;

  async function check(): Promise<number> {
    const changes = configFileChanges(await recordedHashes(deps.audit), await deps.currentHashes());
    for (const c of changes) {
      await deps.audit.append({
        kind: 'dialplan_change',
        at: deps.now(),
        actor: 'file-system',
        subject: `dialplan:${c.file}`,
        data: { change: c.change, before: c.before, after: c.after },
      });
    }
    if (changes.length) log.info({ changes: changes.map((c) => `${c.change} ${c.file}`) }, 'dialplan files changed');
    return changes.length;
  }

  return {
    /** Records what changed since the last check; concurrent calls share one run. */
    check(): Promise<number> {
      running ??= check().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
