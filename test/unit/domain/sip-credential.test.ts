import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIP_MD5_CREDENTIAL, SIP_REALM, sipMd5Credential } from '../../../src/domain/agent/sip-credential.js';

describe('sipMd5Credential', () => {
  it('is MD5 of "username:realm:password", as Asterisk documents password_digest', () => {
    // the example of `config show help res_pjsip auth password_digest`
    expect(sipMd5Credential('myname', 'mypassword', 'myrealm')).toBe('dce9ccd0a69e3ef90d8b9bf725053e78');
  });

  it('uses the hotline realm by default, so the same password on another extension is another credential', () => {
    expect(SIP_REALM).toBe('hotline12345');
    const a = sipMd5Credential('2001', 'Abcdefghijklmnop1234');
    expect(a).toBe(sipMd5Credential('2001', 'Abcdefghijklmnop1234', 'hotline12345'));
    expect(a).toMatch(SIP_MD5_CREDENTIAL);
    expect(sipMd5Credential('2002', 'Abcdefghijklmnop1234')).not.toBe(a);
  });
});

describe('the realm on the Asterisk side', () => {
  it('is the same in pjsip.conf\'s [agent-auth] and in the stack script that renders the 1001/1002 digests', () => {
    const pjsip = readFileSync(new URL('../../../dialplans/pjsip.conf', import.meta.url), 'utf8');
    const render = readFileSync(new URL('../../../scripts/stack/render-config.sh', import.meta.url), 'utf8');
    expect(pjsip).toMatch(new RegExp(`\\[agent-auth\\]\\(!\\)\\ntype = auth\\nauth_type = digest\\nrealm = ${SIP_REALM}\\s`));
    expect(render).toContain(`\nSIP_REALM=${SIP_REALM}\n`);
    expect(pjsip).not.toMatch(/^password = /m);
  });
});
