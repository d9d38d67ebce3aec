// Runs SIPp as a real SIP phone: a caller on the carrier side (127.0.0.2) and stand-ins for
// the emergency services (127.0.0.3). Scenarios for callers are written per test so the
// waits and keys are plain numbers in the XML.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SIP_SERVER = '127.0.0.1:5060';
export const CARRIER_IP = '127.0.0.2';
export const EMERGENCY_IP = '127.0.0.3';

export type CallerStep = { wait: number } | { dtmf: string };

export interface CallerOptions {
  dial: string;
  caller: string;
  rtpPort: number;
  steps: CallerStep[];
  /** After the steps: hang up ('bye'), or wait up to this many ms for the hotline to hang up. */
  end: 'bye' | { awaitByeMs: number };
}

export interface SippResult {
  exitCode: number | null;
  /** Every SIP message sent and received (SIPp -trace_msg). */
  messages: string;
  stderr: string;
}

const header = (user: string) => `
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:${user}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]`;

/** Builds the caller's scenario: INVITE with our RTP sink as media, waits, keys by SIP INFO, BYE. */
export function callerScenario(o: CallerOptions): string {
  let cseq = 1;
  const waitForBye = (ms: number, onTimeout: string) =>
    `<recv request="BYE" timeout="${ms}" ontimeout="${onTimeout}" next="hungup" />`;
  const body: string[] = [];
  o.steps.forEach((step, i) => {
    body.push(`<label id="s${i}" />`);
    if ('wait' in step) body.push(waitForBye(step.wait, `s${i + 1}`));
    else {
      cseq += 1;
      body.push(`<send><![CDATA[
      INFO sip:[service]@[remote_ip]:[remote_port] SIP/2.0${header(o.caller)}
      CSeq: ${cseq} INFO
      Contact: <sip:${o.caller}@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Type: application/dtmf-relay
      Content-Length: [len]

      Signal=${step.dtmf}
      Duration=200
    ]]></send>
    <recv response="200" />`);
    }
  });
  body.push(`<label id="s${o.steps.length}" />`);
  const ending =
    o.end === 'bye'
      ? `<send retrans="500"><![CDATA[
      BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0${header(o.caller)}
      CSeq: ${cseq + 1} BYE
      Contact: <sip:${o.caller}@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0
    ]]></send>
    <recv response="200" crlf="true" next="done" />`
      : `<recv request="BYE" timeout="${o.end.awaitByeMs}" next="hungup" />`;

  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="hotline caller">
  <send retrans="500"><![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0${header(o.caller).replace('[peer_tag_param]', '')}
      CSeq: 1 INVITE
      Contact: <sip:${o.caller}@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=caller 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio ${o.rtpPort} RTP/AVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-15
      a=sendrecv
    ]]></send>
  <recv response="100" optional="true" />
  <recv response="180" optional="true" />
  <recv response="183" optional="true" />
  <recv response="200" rtd="true" />
  <send><![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0${header(o.caller)}
      CSeq: 1 ACK
      Contact: <sip:${o.caller}@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0
    ]]></send>
  ${body.join('\n  ')}
  ${ending}
  <label id="hungup" />
  <send><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
    ]]></send>
  <label id="done" />
</scenario>
`;
}

export interface RunningSipp {
  process: ChildProcess;
  /** Resolves when SIPp exits. */
  done: Promise<SippResult>;
  /** The SIP messages so far (SIPp's -trace_msg file). */
  trace(): string;
  kill(): void;
}

/** SIPp could not bind its SIP or RTP port (errno 98): another socket took it first. */
const PORT_TAKEN = /Unable to bind .*errno = 98/;
const PORT_ATTEMPTS = 4;

/**
 * Runs SIPp in `dir`, tracing every message; killed after `timeoutMs`. `args` may be a function
 * of the attempt: when SIPp finds its port taken (the random ports of a test's many callers,
 * sinks and phones can meet), it is started again with the next attempt's ports.
 */
export function runSipp(args: string[] | ((attempt: number) => string[]), dir: string, timeoutMs: number): RunningSipp {
  const traceFile = join(dir, 'messages.log');
  const argsOf = typeof args === 'function' ? args : () => args;
  const trace = () => (existsSync(traceFile) ? readFileSync(traceFile, 'utf8') : '');
  let child: ChildProcess;
  let stderr = '';
  let killed = false;
  const start = (attempt: number): Promise<SippResult> => {
    stderr = '';
    child = spawn('sipp', [...argsOf(attempt), '-trace_msg', '-message_file', traceFile, '-nostdin'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise<SippResult>((resolve) => {
      child.on('exit', (code) => {
        if (code !== 0 && !killed && PORT_TAKEN.test(stderr) && attempt + 1 < PORT_ATTEMPTS && typeof args === 'function') {
          resolve(start(attempt + 1));
          return;
        }
        resolve({ exitCode: code, messages: trace(), stderr });
      });
    });
  };
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const done = start(0).finally(() => clearTimeout(timer));
  return {
    get process() {
      return child;
    },
    done,
    trace,
    kill: () => {
      killed = true;
      child.kill('SIGTERM');
    },
  };
}

/** Places one call from the carrier address to the hotline and waits for it to finish. */
export function placeCall(o: CallerOptions, timeoutMs = 90_000): RunningSipp {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-caller-'));
  const file = join(dir, 'caller.xml');
  writeFileSync(file, callerScenario(o));
  return runSipp(
    () => {
      const port = String(20000 + Math.floor(Math.random() * 20000));
      const mediaPort = String(42000 + 2 * Math.floor(Math.random() * 4000));
      return ['-sf', file, '-s', o.dial, '-i', CARRIER_IP, '-p', port, '-mp', mediaPort, '-m', '1', '-l', '1', SIP_SERVER];
    },
    dir,
    timeoutMs,
  );
}

export interface StandInOptions {
  /** Address to listen on: the emergency stand-ins' 127.0.0.3, or the carrier's 127.0.0.2 (the trunk route). */
  address?: string;
  /** How long it rings (180) before answering. */
  ringMs?: number;
}

/** Starts an emergency-service stand-in that answers one call on 127.0.0.3:<port> (or `address`). */
export function standInEmergencyService(port: number, timeoutMs = 120_000, options: StandInOptions = {}): RunningSipp {
  const address = options.address ?? EMERGENCY_IP;
  const dir = mkdtempSync(join(tmpdir(), 'sipp-emergency-'));
  const template = readFileSync(new URL('../e2e/scenarios/emergency-service.xml', import.meta.url), 'utf8');
  const tone = new URL('../e2e/media/tone-1khz.alaw', import.meta.url).pathname;
  const scenario = join(dir, 'emergency-service.xml');
  writeFileSync(scenario, template.replaceAll('@TONE_FILE@', tone).replaceAll('@RING_MS@', String(options.ringMs ?? 0)));
  return runSipp(['-sf', scenario, '-i', address, '-p', String(port), '-m', '1', '-mi', address], dir, timeoutMs);
}

/**
 * When SIPp's trace (-trace_msg) first shows a SIP message whose start line matches `startLine`
 * (e.g. /^INVITE /, /^SIP\/2.0 180/): epoch ms, or undefined. The trace stamps local time.
 */
export function traceTime(messages: string, startLine: RegExp): number | undefined {
  for (const block of messages.split(/^-{10,} /m).slice(1)) {
    const stamp = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(block);
    const line = block.split(/\r?\n/).find((l) => /^(SIP\/2\.0 \d{3} |[A-Z]+ sips?:)/.test(l));
    if (stamp && line && startLine.test(line)) return new Date(`${stamp[1]}T${stamp[2]}`).getTime();
  }
  return undefined;
}
