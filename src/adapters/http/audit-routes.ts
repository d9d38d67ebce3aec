// The audit log over HTTP (auditors only, by the access policy):
//   GET /api/audit?kind=&subject=&from=&to=&limit=&offset=   entries, newest first
//   GET /api/audit/verify?anchor=<seq>:<hash>                 walks the whole chain again; the
//     anchor (lastSeq:lastHash of an earlier verification) must still be there, unchanged
import { Router } from 'express';
import { z } from 'zod';
import { parseAnchor } from '../../domain/audit/chain-anchor.js';
import type { AuditKind, AuditLog } from '../../ports/audit/audit-log.js';
import { fromNotAfterTo, isoTime, limitParam, offsetParam, safeString } from './input-schemas.js';
import { parseInput } from './validate.js';

const AUDIT_KINDS = [
  'call_ended', 'service_ended', 'incident', 'recording_access', 'recording_deleted',
  'config_change', 'dialplan_change', 'role_change', 'agent_change', 'app_reconnected', 'work_order',
  'work_order_notice', 'supervision', 'console_login',
] as const satisfies readonly AuditKind[];
// Fails to compile when the port gains a kind this list does not have.
const everyKind: Exclude<AuditKind, (typeof AUDIT_KINDS)[number]> extends never ? true : never = true;
void everyKind;

const listQuery = z
  .strictObject({
    kind: z.enum(AUDIT_KINDS, { message: `must be one of ${AUDIT_KINDS.join(', ')}` }).optional(),
    subject: z.string().min(1).max(200).regex(/^[\w:.@-]+$/, 'must look like "call:<id>", "recording:<callId>", "queue:<id>"…').optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    limit: limitParam(500, 50),
    offset: offsetParam(10_000_000),
  })
  .refine(...fromNotAfterTo);

const verifyQuery = z.strictObject({
  anchor: safeString(200)
    .refine((v) => parseAnchor(v) !== null, 'must be "<seq>:<hash>" as an earlier verification printed it (lastSeq:lastHash)')
    .optional(),
});

export function auditRoutes(audit: AuditLog): Router {
  const router = Router();

  router.get('/api/audit', async (req, res) => {
    const q = parseInput(listQuery, req.query, 'query');
    const entries = await audit.list({
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.subject ? { subject: q.subject } : {}),
      ...(q.from ? { from: new Date(q.from) } : {}),
      ...(q.to ? { to: new Date(q.to) } : {}),
      limit: q.limit,
      offset: q.offset,
    });
    res.json({ entries, limit: q.limit, offset: q.offset });
  });

  router.get('/api/audit/verify', async (req, res) => {
    const q = parseInput(verifyQuery, req.query, 'query');
    const anchor = q.anchor ? parseAnchor(q.anchor) : null;
    res.json(await audit.verify(anchor ?? undefined));
  });

  return router;
}
