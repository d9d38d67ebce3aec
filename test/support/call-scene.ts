// The phones of one e2e test: callers (SIPp, each with an RTP sink that keeps what it hears)
// and agents' softphones, all stopped after the test; the apps' output kept when it failed.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HotlineApp } from './hotline-app.js';
import { openRtpSink, type RtpSink } from './rtp-sink.js';
import { placeCall, type RunningSipp } from './sipp.js';
import { startSoftphone, type Softphone } from './softphone.js';

export interface SceneCaller {
  run: RunningSipp;
  /** What the caller hears; its times are ms since `openedAt`. */
  sink: RtpSink;
  openedAt: number;
}

export interface CallScene {
  /** A citizen who dials 12345 (or `dial`), stays `staySeconds` after the answer, then hangs up. */
  caller(number: string, staySeconds: number, dial?: string): Promise<SceneCaller>;
  /** An agent's softphone, registered, answering by itself. */
  softphone(o: Parameters<typeof startSoftphone>[0]): Promise<Softphone>;
  /** Stops every caller and phone of the test. */
  clear(): Promise<void>;
}

export function createCallScene(): CallScene {
  const phones: Softphone[] = [];
  const sinks: RtpSink[] = [];
  const sipps: RunningSipp[] = [];
  return {
    async caller(number, staySeconds, dial = '12345') {
      const sink = await openRtpSink();
      const openedAt = Date.now();
      sinks.push(sink);
      const run = placeCall({ dial, caller: number, rtpPort: sink.port, steps: [{ wait: staySeconds * 1000 }], end: 'bye' }, (staySeconds + 30) * 1000);
      sipps.push(run);
      return { run, sink, openedAt };
    },
    async softphone(o) {
      const phone = await startSoftphone(o);
      phones.push(phone);
      return phone;
    },
    async clear() {
      for (const c of sipps.splice(0)) if (c.process.exitCode === null) c.kill();
      await Promise.all(phones.splice(0).map((p) => p.stop()));
      await Promise.all(sinks.splice(0).map((s) => s.close()));
    },
  };
}

/** After a failed test: each app's output into a file named in the test's stderr. */
export function keepAppOutput(failed: boolean, name: string, apps: HotlineApp[]): void {
  if (!failed) return;
  apps.forEach((app, i) => {
    const file = join(tmpdir(), `${name}-app${apps.length > 1 ? i + 1 : ''}-${Date.now()}.log`);
    writeFileSync(file, app.output());
    console.error(`app output: ${file}`);
  });
}
