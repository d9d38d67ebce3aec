// A citizen's phone for callback-survey tests: SIPp as a UAS on the carrier address
// (127.0.0.2:5060, where the carrier trunk sends calls), one call per run. It answers busy,
// or answers and sends keys by SIP INFO (the carrier endpoint accepts INFO DTMF).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CARRIER_IP, runSipp, type RunningSipp } from './sipp.js';

export const CITIZEN_PORT = 5060;

export type CitizenStep = { wait: number } | { key: string };

export type CitizenBehaviour =
  | { kind: 'busy' }
  /** Rings `ringMs`, answers with `rtpPort` as its media, runs the steps, then waits for the hotline's BYE. */
  | { kind: 'answer'; ringMs: number; rtpPort: number; steps: CitizenStep[]; awaitByeMs: number };

const reply = (status: string, extra = '') => `<send><![CDATA[
      SIP/2.0 ${status}
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>${extra}
      Content-Length: 0
    ]]></send>`;

export function citizenScenario(b: CitizenBehaviour): string {
  // SIPp refuses a scenario that captures variables it never uses: capture only to send keys
  const sendsKeys = b.kind === 'answer' && b.steps.some((step) => 'key' in step);
  const invite = !sendsKeys ? '<recv request="INVITE" crlf="true" />' : `<recv request="INVITE" crlf="true">
    <action>
      <ereg regexp=".*" search_in="hdr" header="From:" check_it="true" assign_to="from_hdr" />
      <ereg regexp=".*" search_in="hdr" header="To:" check_it="true" assign_to="to_hdr" />
      <ereg regexp="sip:[^&gt;;]*" search_in="hdr" header="Contact:" check_it="true" assign_to="peer_contact" />
    </action>
  </recv>`;
  if (b.kind === 'busy') {
    return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="citizen busy">
  <recv request="INVITE" crlf="true" />
  ${reply('100 Trying').replace(';tag=[pid]SIPpTag01[call_number]', '')}
  ${reply('486 Busy Here')}
  <recv request="ACK" crlf="true" />
</scenario>
`;
  }
  let cseq = 100;
  const body = b.steps.map((step, i) => {
    if ('wait' in step) return `<label id="s${i}" />\n  <recv request="BYE" timeout="${step.wait}" ontimeout="s${i + 1}" next="hungup" />`;
    cseq += 1;
    return `<label id="s${i}" />
  <send><![CDATA[
      INFO [$peer_contact] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From:[$to_hdr];tag=[pid]SIPpTag01[call_number]
      To:[$from_hdr]
      Call-ID: [call_id]
      CSeq: ${cseq} INFO
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Content-Type: application/dtmf-relay
      Content-Length: [len]

      Signal=${step.key}
      Duration=250
    ]]></send>
  <recv response="200" />`;
  });
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="citizen answers">
  ${invite}
  ${reply('180 Ringing')}
  <pause milliseconds="${b.ringMs}" />
  <send retrans="500"><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=citizen 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio ${b.rtpPort} RTP/AVP 0
      a=rtpmap:0 PCMU/8000
      a=sendrecv
    ]]></send>
  <recv request="ACK" crlf="true" />
  ${body.join('\n  ')}
  <label id="s${b.steps.length}" />
  <recv request="BYE" timeout="${b.awaitByeMs}" next="hungup" />
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
</scenario>
`;
}

export interface CitizenPhone extends RunningSipp {
  /** INVITEs received so far (read from SIPp's message trace). */
  invites(): number;
}

/** Starts the citizen's phone on 127.0.0.2:5060; it takes one call and exits. */
export function citizenPhone(behaviour: CitizenBehaviour, timeoutMs = 120_000): CitizenPhone {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-citizen-'));
  const file = join(dir, 'citizen.xml');
  writeFileSync(file, citizenScenario(behaviour));
  const sipp = runSipp(['-sf', file, '-i', CARRIER_IP, '-p', String(CITIZEN_PORT), '-m', '1', '-mi', CARRIER_IP], dir, timeoutMs);
  return { ...sipp, invites: () => (sipp.trace().match(/^INVITE sip:/gm) ?? []).length };
}
