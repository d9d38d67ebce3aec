// What the Asterisk side tells the operator at start when AMI is not configured: presence is not
// checked, and MixMonitor recording (the default) falls back to recording each bridge.
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildAsteriskSide } from '../../../src/compose/asterisk-side.js';
import { loadConfig } from '../../../src/config.js';

const minimal = { ARI_PASSWORD: 'a-generated-secret-123', HOTLINE_ADMIN_TOKEN: 'an-admin-token-of-at-least-32-characters', QUEUE_LOG_FILE: 'off' };

async function warningsAt(env: Record<string, string>): Promise<string[]> {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(chunk.toString()); done(); } });
  const side = await buildAsteriskSide(loadConfig({ ...minimal, ...env }), pino({ level: 'warn' }, sink));
  await side.stop();
  return lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
}

describe('Asterisk side without AMI', () => {
  it('warns that presence is not checked and that MixMonitor recording falls back to the bridge', async () => {
    const warnings = await warningsAt({});
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/softphone presence is not checked/);
    expect(warnings[1]).toMatch(/CALL_RECORDING=mixmonitor needs AMI.*recorded by their bridge/);
  });

  it('with bridge recording chosen, only the presence warning', async () => {
    const warnings = await warningsAt({ CALL_RECORDING: 'bridge' });
    expect(warnings).toEqual([expect.stringMatching(/softphone presence is not checked/)]);
  });

  it('with AMI configured, no warning', async () => {
    expect(await warningsAt({ AMI_SECRET: 'an-ami-secret-1234' })).toEqual([]);
  });
});
