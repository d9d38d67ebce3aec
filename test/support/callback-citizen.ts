// The citizen's phone for callback tests: SIPp as a UAS on the carrier address (127.0.0.2:5060,
// where the carrier trunk sends calls). It answers one call after ringing, sends a 1 kHz tone as
// its voice, talks for a while, then hangs up (BYE) like a citizen ending the call.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CARRIER_IP, runSipp, type SippResult } from './sipp.js';

export interface CallbackCitizen {
  done: Promise<SippResult>;
  /** The request lines of the INVITEs received so far, e.g. "INVITE sip:13600000011@127.0.0.2:5060 SIP/2.0". */
  invites(): string[];
  kill(): void;
}

function scenario(ringMs: number, talkMs: number, tone: string): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="citizen answers a callback and hangs up">
  <recv request="INVITE" crlf="true">
    <action>
      <ereg regexp=".*" search_in="hdr" header="From:" check_it="true" assign_to="from_hdr" />
      <ereg regexp=".*" search_in="hdr" header="To:" check_it="true" assign_to="to_hdr" />
      <ereg regexp="sip:[^&gt;;]*" search_in="hdr" header="Contact:" check_it="true" assign_to="peer_contact" />
    </action>
  </recv>
  <send><![CDATA[
      SIP/2.0 180 Ringing
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0
    ]]></send>
  <pause milliseconds="${ringMs}" />
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
      m=audio [media_port] RTP/AVP 8
      a=rtpmap:8 PCMA/8000
    ]]></send>
  <recv request="ACK" crlf="true" />
  <nop><action><exec rtp_stream="${tone},-1,8" /></action></nop>
  <pause milliseconds="${talkMs}" />
  <send retrans="500"><![CDATA[
      BYE [$peer_contact] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From:[$to_hdr];tag=[pid]SIPpTag01[call_number]
      To:[$from_hdr]
      Call-ID: [call_id]
      CSeq: 200 BYE
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Content-Length: 0
    ]]></send>
  <recv response="200" crlf="true" />
</scenario>
`;
}

/** Starts the citizen's phone; it takes one call and exits after hanging up. */
export function callbackCitizen(o: { ringMs: number; talkMs: number; timeoutMs?: number }): CallbackCitizen {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-callback-citizen-'));
  const file = join(dir, 'citizen.xml');
  const tone = new URL('../e2e/media/tone-1khz.alaw', import.meta.url).pathname;
  writeFileSync(file, scenario(o.ringMs, o.talkMs, tone));
  const sipp = runSipp(['-sf', file, '-i', CARRIER_IP, '-p', '5060', '-m', '1', '-mi', CARRIER_IP], dir, o.timeoutMs ?? 150_000);
  return { done: sipp.done, invites: () => sipp.trace().match(/^INVITE sip:\S+ SIP\/2\.0/gm) ?? [], kill: sipp.kill };
}
