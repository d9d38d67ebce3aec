// GET /api/calls/:id/recording?reason=<why, 5–500 characters>: the call's recording as a file
// (auditors only, by the access policy). Every access is appended to the audit log — who,
// when, the stated reason — before a byte is sent; if that append fails, nothing is sent.
//   400 no or bad reason · 404 unknown call, no recording, or its file is missing
//   410 deleted at the end of its retention period · 503 the audit log cannot be written
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { CallRecords } from '../../ports/call/call-records.js';
import type { Logger } from '../../ports/logger.js';
import type { Recordings } from '../../ports/audit/recordings.js';
import type { RecordingFolder } from '../files/recording-folder.js';
import { HttpError, notFound } from './http-errors.js';
import { requestActor } from './request-actor.js';
import { callIdSchema, pathParam, safeString } from './input-schemas.js';
import { parseInput } from './validate.js';

export interface RecordingRoutesDeps {
  records: CallRecords;
  recordings: Recordings;
  folder: Pick<RecordingFolder, 'stat' | 'pathOf'>;
  audit: AuditLog;
  now: () => Date;
  logger?: Logger;
}

const query = z.strictObject({
  reason: safeString(500, 'is required: say why the recording is needed (5 to 500 characters)')
    .trim()
    .min(5, 'must be at least 5 characters: say why the recording is needed')
    .max(500, 'must be at most 500 characters'),
});

const CONTENT_TYPES: Record<string, string> = { wav: 'audio/wav', wav16: 'audio/wav', gsm: 'audio/x-gsm' };

export function recordingRoutes(deps: RecordingRoutesDeps): Router {
  const router = Router();

  router.get('/api/calls/:id/recording', async (req, res) => {
    const callId = pathParam(callIdSchema, req.params.id, 'call id');
    const { reason } = parseInput(query, req.query, 'query');

    if (!(await deps.records.getCall(callId))) throw notFound(`No call with id ${callId}`);
    const all = await deps.recordings.forCall(callId);
    if (all.length === 0) throw notFound(`Call ${callId} has no recording`);
    const recording = all.find((r) => r.deletedAt === null);
    if (!recording) {
      const deletedAt = all[0]!.deletedAt!.toISOString();
      throw new HttpError(410, 'recording-deleted', `The recording of call ${callId} was deleted at ${deletedAt} (end of its retention period)`, { deletedAt });
    }
    const file = await deps.folder.stat(recording);
    if (!file) throw new HttpError(404, 'recording-file-missing', `The recording file ${recording.name}.${recording.format} of call ${callId} is missing`);

    try {
      await deps.audit.append({
        kind: 'recording_access',
        at: deps.now(),
        actor: requestActor(res),
        subject: `recording:${callId}`,
        data: { reason, name: recording.name },
      });
    } catch (err) {
      deps.logger?.error({ err, callId }, 'recording access could not be audited; not sent');
      throw new HttpError(503, 'audit-unavailable', 'The access could not be written to the audit log, so the recording is not sent; try again');
    }

    res.status(200).set({
      'Content-Type': CONTENT_TYPES[recording.format] ?? 'application/octet-stream',
      'Content-Length': String(file.size),
      'Content-Disposition': `attachment; filename="${recording.name}.${recording.format}"`,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    try {
      await pipeline(createReadStream(deps.folder.pathOf(recording)), res);
    } catch (err) {
      // Headers are gone: all that is left is to cut the response short (the client sees it).
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  });

  return router;
}
