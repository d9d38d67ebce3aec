// ARI push configuration on the real Asterisk: an agent softphone account pushed over ARI is an
// endpoint Asterisk knows at once (no reload), a softphone registers with its password although
// only the digest credential was pushed, and removing it takes it out again.
//
// Needs only Asterisk up (`bash scripts/stack.sh up`); fails, saying why, when ARI does not
// answer (`npm test` runs this project before e2e brings the stack up). It may run next to
// other users of the shared Asterisk: it touches extensions 2901-2909 only and removes them
// before and after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAriSipProvisioning } from '../../src/adapters/ari/ari-sip-provisioning.js';
import { SipProvisioningError } from '../../src/adapters/ari/sip-provisioning-error.js';
import { generateSipPassword } from '../../src/app/agent/agent-sip-password.js';
import { SIP_REALM, sipMd5Credential } from '../../src/domain/agent/sip-credential.js';
import type { SipProvisioning } from '../../src/ports/agent/sip-provisioning.js';
import { ariUnavailableReason, endpointState, pjsipObject, stackAri, type AriCredentials } from '../support/ari-http.js';
import { registerWithSipp } from '../support/sipp-register.js';

const EXTENSIONS = ['2901', '2902', '2903'] as const;
const [EXT_A, EXT_B, EXT_C] = EXTENSIONS;

const ari = stackAri();
const unavailable = await ariUnavailableReason(ari);

/** Pushes the account of `extension` with the digest credential of `password`. */
const apply = (p: SipProvisioning, extension: string, password: string) =>
  p.applyAgentEndpoint({ extension, md5Cred: sipMd5Credential(extension, password) });

async function rejection(promise: Promise<unknown>): Promise<SipProvisioningError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(SipProvisioningError);
  return err as SipProvisioningError;
}

// npm test brings the stack up before the integration tests; without it this fails, saying why.
describe('ARI push configuration on the real Asterisk', () => {
  let creds: AriCredentials;
  let provisioning: SipProvisioning;

  beforeAll(async () => {
    if (unavailable !== null || !ari) throw new Error(`Asterisk's ARI is needed (bash scripts/stack.sh up): ${unavailable}`);
    creds = ari;
    provisioning = createAriSipProvisioning(creds);
    for (const ext of EXTENSIONS) await provisioning.removeAgentEndpoint(ext);
  });

  afterAll(async () => {
    for (const ext of EXTENSIONS) await provisioning?.removeAgentEndpoint(ext);
  });

  it('an applied account is an endpoint with the [agent] template settings, and a softphone registers with its password', async () => {
    const password = generateSipPassword();
    await apply(provisioning, EXT_A, password);

    const endpoint = await pjsipObject(creds, 'endpoint', EXT_A);
    expect(endpoint).toMatchObject({
      context: 'hotline-agents',
      transport: 'transport-udp',
      allow: '(ulaw|alaw|g722)',
      dtmf_mode: 'auto_info',
      direct_media: 'false',
      rtp_symmetric: 'true',
      rewrite_contact: 'true',
      identify_by: 'username',
      rtp_timeout: '30',
      acl: 'deny/permit',
      contact_acl: 'deny/permit',
      media_address: '127.0.0.1',
      bind_rtp_to_media_address: 'true',
      auth: EXT_A,
      aors: EXT_A,
    });
    expect(await pjsipObject(creds, 'aor', EXT_A)).toMatchObject({ max_contacts: '1', remove_existing: 'true', qualify_frequency: '15' });
    expect(await pjsipObject(creds, 'auth', EXT_A)).toMatchObject({
      auth_type: 'digest', username: EXT_A, realm: SIP_REALM, password: '', password_digest: `MD5:${sipMd5Credential(EXT_A, password)}`,
    });

    const registering = registerWithSipp({ user: EXT_A, password, holdMs: 3000 });
    await expect.poll(() => endpointState(creds, EXT_A), { timeout: 2500, interval: 200 }).toBe('online');
    const result = await registering;
    expect(result.exitCode, result.messages).toBe(0);
    expect(result.messages).toMatch(/SIP\/2\.0 200 OK/);
  });

  it('refuses a wrong password', async () => {
    await apply(provisioning, EXT_B, generateSipPassword());
    const result = await registerWithSipp({ user: EXT_B, password: generateSipPassword(), timeoutMs: 8000 });
    expect(result.exitCode).not.toBe(0);
    expect(result.messages).not.toMatch(/CSeq: 2 REGISTER[\s\S]*SIP\/2\.0 200 OK/);
  });

  it('applying again replaces the password: the old one stops working, the new one works', async () => {
    const old = generateSipPassword();
    const rotated = generateSipPassword();
    await apply(provisioning, EXT_C, old);
    await apply(provisioning, EXT_C, rotated);
    expect((await registerWithSipp({ user: EXT_C, password: old, timeoutMs: 8000 })).exitCode).not.toBe(0);
    const result = await registerWithSipp({ user: EXT_C, password: rotated });
    expect(result.exitCode, result.messages).toBe(0);
  });

  it('re-applying the same account leaves the endpoint alone, so a registered softphone stays registered', async () => {
    const password = generateSipPassword();
    await apply(provisioning, EXT_A, password);
    const before = await pjsipObject(creds, 'endpoint', EXT_A);
    expect(before?.HOTLINE_ENDPOINT_VERSION).toMatch(/^[0-9a-f]{16}$/);
    const registering = registerWithSipp({ user: EXT_A, password, holdMs: 2500 });
    await expect.poll(() => endpointState(creds, EXT_A), { timeout: 2000, interval: 100 }).toBe('online');
    await apply(provisioning, EXT_A, password);
    expect(await endpointState(creds, EXT_A)).toBe('online');
    expect(await pjsipObject(creds, 'endpoint', EXT_A)).toEqual(before);
    expect((await registering).exitCode).toBe(0);
  });

  it('an endpoint whose settings changed is replaced and keeps working (its ACL included)', async () => {
    const password = generateSipPassword();
    await apply(provisioning, EXT_A, password);
    const widened = createAriSipProvisioning({ ...creds, agentNetworks: ['127.0.0.0/255.0.0.0', '10.0.0.0/255.0.0.0'] });
    await apply(widened, EXT_A, password);
    const result = await registerWithSipp({ user: EXT_A, password });
    expect(result.exitCode, result.messages).toBe(0);
    await apply(provisioning, EXT_A, password);
    expect((await registerWithSipp({ user: EXT_A, password })).exitCode).toBe(0);
  });

  it('removal takes endpoint, AOR and auth out; removing again is fine; registering then fails', async () => {
    const password = generateSipPassword();
    await apply(provisioning, EXT_B, password);
    await provisioning.removeAgentEndpoint(EXT_B);
    for (const type of ['endpoint', 'aor', 'auth'] as const) expect(await pjsipObject(creds, type, EXT_B)).toBeNull();
    expect(await endpointState(creds, EXT_B)).toBeNull();
    await expect(provisioning.removeAgentEndpoint(EXT_B)).resolves.toBeUndefined();
    expect((await registerWithSipp({ user: EXT_B, password, timeoutMs: 8000 })).exitCode).not.toBe(0);
  });

  it("an account of pjsip.conf (1001) can be neither replaced nor removed over ARI", async () => {
    const before = await pjsipObject(creds, 'auth', '1001');
    expect(before).not.toBeNull();
    expect((await rejection(apply(provisioning, '1001', generateSipPassword()))).code).toBe('sip-account-static');
    expect((await rejection(provisioning.removeAgentEndpoint('1001'))).code).toBe('sip-account-static');
    expect(await pjsipObject(creds, 'auth', '1001')).toEqual(before);
  });

  it('checks names and credentials before sending anything', async () => {
    for (const extension of ['29a1', '12', '123456789', '2901/../1001']) {
      expect((await rejection(apply(provisioning, extension, generateSipPassword()))).code).toBe('sip-account-invalid');
    }
    // only a digest credential goes to Asterisk: never a password, nothing but 32 lower-case hex digits
    for (const md5Cred of [generateSipPassword(), 'short', sipMd5Credential(EXT_A, 'x').toUpperCase(), `${'a'.repeat(31)};`]) {
      expect((await rejection(provisioning.applyAgentEndpoint({ extension: EXT_A, md5Cred }))).code).toBe('sip-account-invalid');
    }
  });

  it('says whether ARI was unreachable or refused the credentials', async () => {
    const dead = createAriSipProvisioning({ ...creds, url: 'http://127.0.0.1:9', timeoutMs: 2000 });
    expect((await rejection(apply(dead, EXT_A, generateSipPassword()))).code).toBe('ari-unreachable');
    const wrong = createAriSipProvisioning({ ...creds, password: 'not-the-password' });
    const refused = await rejection(wrong.removeAgentEndpoint(EXT_A));
    expect(refused).toMatchObject({ code: 'ari-rejected', status: 401 });
  });
});
