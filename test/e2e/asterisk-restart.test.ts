// The app survives an Asterisk restart: readiness drops, the app reconnects by itself,
// readiness recovers, and the next call is answered as usual.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink } from '../support/rtp-sink.js';
import { placeCall } from '../support/sipp.js';
import { REPO_DIR } from '../support/stack-env.js';

let app: HotlineApp;
let db: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startHotlineApp({ databaseUrl: db.url, env: { ARI_PING_INTERVAL_MS: '2000', ARI_RECONNECT_MAX_DELAY_MS: '2000' } });
  await app.waitReady();
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

describe('Asterisk restarts', () => {
  it('the app reconnects by itself and readiness recovers', async () => {
    const restart = promisify(execFile)('bash', ['scripts/stack.sh', 'restart-asterisk'], { cwd: REPO_DIR });
    // while Asterisk is down the app says it is not ready
    const notReady = await waitFor('readiness to drop', async () => {
      const r = await app.get<{ ready: boolean; checks: Record<string, boolean> }>('/readyz');
      return r.status === 503 ? r.body : undefined;
    }, 30_000);
    expect(notReady.checks.ari).toBe(false);
    await restart;
    const recovered = await waitFor('readiness after the restart', async () => {
      const r = await app.get<{ ready: boolean; checks: Record<string, boolean> }>('/readyz');
      return r.status === 200 ? r.body : undefined;
    }, 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\n--- app output ---\n${app.output().slice(-3000)}`);
    });
    expect(recovered.checks.ari).toBe(true);
    expect(app.output()).toMatch(/ARI connection lost/);
    expect(app.output().match(/"msg":"ARI connected"/g)?.length ?? 0).toBeGreaterThanOrEqual(2);

    const sink = await openRtpSink();
    const result = await placeCall({ dial: '12345', caller: '13700000001', rtpPort: sink.port, steps: [{ wait: 3_000 }], end: 'bye' }).done;
    await sink.close();
    expect(result.exitCode, result.stderr).toBe(0);
    expect(sink.loudMs()).toBeGreaterThan(1_000);
    const calls = await waitFor('the call after the restart', async () => {
      const r = await app.get<{ calls: Array<{ endedAt: string | null; firstHangupSide: string }> }>('/api/calls?number=13700000001');
      return r.body.calls[0]?.endedAt ? r.body.calls : undefined;
    });
    expect(calls[0]?.firstHangupSide).toBe('caller');
  });
});
