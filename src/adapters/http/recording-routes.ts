// GET /api/calls/:id/recording?reason=<why, 5–500 characters>: the call's recording as a file
// (auditors only, by the access policy). The route parses the request and calls the recording
// access (src/app/audit/recording-access.ts), which appends every access to the audit log before
// it hands out the file; if that append fails, nothing is sent.
//   400 no or bad reason · 404 unknown call, no recording, or its file is missing
//   410 deleted at the end of its retention period · 503 the audit log cannot be written
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { z } from 'zod';
import { RECORDING_REASON, RecordingAccessError, type RecordingAccess, type RecordingAccessCode } from '../../app/audit/recording-access.js';
import { HttpError } from './http-errors.js';
import { requestActor } from './request-actor.js';
import { callIdSchema, pathParam, safeString } from './input-schemas.js';
import { parseInput } from './validate.js';

const query = z.strictObject({
  reason: safeString(RECORDING_REASON.max, 'is required: say why the recording is needed (5 to 500 characters)')
    .trim()
    .min(RECORDING_REASON.min, 'must be at least 5 characters: say why the recording is needed')
    .max(RECORDING_REASON.max, 'must be at most 500 characters'),
});

const CONTENT_TYPES: Record<string, string> = { wav: 'audio/wav', wav16: 'audio/wav', gsm: 'audio/x-gsm' };

const STATUS: Record<RecordingAccessCode, number> = {
  'bad-request': 400, 'not-found': 404, 'recording-deleted': 410, 'recording-file-missing': 404, 'audit-unavailable': 503,
};

export function recordingRoutes(access: RecordingAccess<Readable>): Router {
  const router = Router();

  router.get('/api/calls/:id/recording', async (req, res) => {
    const callId = pathParam(callIdSchema, req.params.id, 'call id');
    const { reason } = parseInput(query, req.query, 'query');

    const grant = await access.fetch(callId, reason, requestActor(res)).catch((err: unknown) => {
      throw err instanceof RecordingAccessError ? new HttpError(STATUS[err.code], err.code, err.message, err.details) : err;
    });
    const { recording } = grant;

    res.status(200).set({
      'Content-Type': CONTENT_TYPES[recording.format] ?? 'application/octet-stream',
      'Content-Length': String(grant.size),
      'Content-Disposition': `attachment; filename="${recording.name}.${recording.format}"`,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    try {
      await pipeline(grant.open(), res);
    } catch (err) {
      // Headers are gone: all that is left is to cut the response short (the client sees it).
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  });

  return router;
}
