// With the hotline app not running, Asterisk alone still serves callers: 12345 takes the
// dialplan fallback (apology + static queue) and the emergency numbers still connect.
import { describe, expect, it } from 'vitest';
import { asteriskCli, waitFor } from '../support/hotline-app.js';
import { openRtpSink } from '../support/rtp-sink.js';
import { placeCall, standInEmergencyService } from '../support/sipp.js';

describe('with the app stopped', () => {
  it('a call to 12345 hears the apology and waits in the static queue', async () => {
    expect(asteriskCli('ari show apps')).not.toMatch(/\bhotline\b/);
    const sink = await openRtpSink();
    const call = placeCall({ dial: '12345', caller: '13900000001', rtpPort: sink.port, steps: [{ wait: 12_000 }], end: 'bye' });
    const queued = await waitFor('a caller in the static queue', () => {
      const out = asteriskCli('queue show hotline-general');
      return /Callers:\s*\n\s*1\./.test(out) ? out : undefined;
    }, 11_000);
    expect(queued).toMatch(/hotline-general has 1 calls/);
    const result = await call.done;
    await sink.close();
    expect(result.exitCode, result.stderr).toBe(0);
    // the apology prompt, then music on hold
    expect(sink.loudMs(0, 12_000)).toBeGreaterThan(4_000);
  });

  it('a direct call to 110 reaches the police stand-in', async () => {
    const police = standInEmergencyService(5110);
    await new Promise((r) => setTimeout(r, 500));
    const sink = await openRtpSink();
    const result = await placeCall({ dial: '110', caller: '13900000002', rtpPort: sink.port, steps: [{ wait: 4_000 }], end: 'bye' }).done;
    await sink.close();
    expect(result.exitCode, result.stderr).toBe(0);
    const emergency = await police.done;
    expect(emergency.exitCode, emergency.stderr).toBe(0);
    expect(emergency.messages).toMatch(/INVITE sip:110@/);
    expect(emergency.messages).toMatch(/From:[^\n]*sip:13900000002@/);
    expect(sink.loudMs(1_000)).toBeGreaterThan(1_000);
  });
});
