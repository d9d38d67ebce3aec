// SipProvisioning over ARI push configuration: an agent's softphone account becomes three
// res_pjsip objects (auth, AOR, endpoint) named after the extension, created in the running
// Asterisk's memory wizard (dialplans/sorcery.conf) without a reload. Memory objects vanish
// when Asterisk restarts: the app pushes every agent again after each ARI (re)connect.
//
// Asterisk 22 cannot update an endpoint in place over ARI: the update copies the object
// through its text form, which turns the ACL (deny/permit) into a reference to a named ACL
// "deny/permit" that does not exist, and from then on every request of that softphone fails
// with "Not match Endpoint ACL". So auth (the digest credential) and AOR are updated in place, and an
// endpoint is only ever created: left alone when it already has these settings (its
// set_var version), else deleted and created again. Contacts hang on the AOR, so a softphone
// stays registered across a re-apply.
import { SIP_MD5_CREDENTIAL } from '../../domain/agent/sip-credential.js';
import type { AgentEndpoint, SipProvisioning } from '../../ports/agent/sip-provisioning.js';
import { createAriConfigApi, type AriConfigApi, type AriConfigApiOptions } from './ari-config-api.js';
import { agentPjsipObjects, ENDPOINT_VERSION_VAR, type AgentObjectSettings } from './pjsip-agent-objects.js';
import { SipProvisioningError } from './sip-provisioning-error.js';

export type AriSipProvisioningOptions = AriConfigApiOptions & AgentObjectSettings;

const EXTENSION = /^\d{3,8}$/;

/** The objects of one agent, removed endpoint first (it names the others). */
const REMOVAL_ORDER = ['endpoint', 'aor', 'auth'] as const;

export function createAriSipProvisioning(options: AriSipProvisioningOptions, api: AriConfigApi = createAriConfigApi(options)): SipProvisioning {
  // Default: the address ARI is reached on, when it is an IPv4 literal (stack.sh binds SIP,
  // RTP and HTTP to the same ASTERISK_BIND_ADDR), so RTP never listens on 0.0.0.0 by accident.
  const mediaAddress = options.mediaAddress ?? ipv4HostOf(options.url);
  const settings: AgentObjectSettings = {
    ...(options.transport ? { transport: options.transport } : {}),
    ...(mediaAddress ? { mediaAddress } : {}),
    ...(options.agentNetworks ? { agentNetworks: options.agentNetworks } : {}),
    ...(options.rtpTimeoutSeconds ? { rtpTimeoutSeconds: options.rtpTimeoutSeconds } : {}),
  };

  return {
    async applyAgentEndpoint(endpoint: AgentEndpoint): Promise<void> {
      checkExtension(endpoint.extension);
      if (!SIP_MD5_CREDENTIAL.test(endpoint.md5Cred)) {
        throw new SipProvisioningError('sip-account-invalid', `The SIP credential of ${endpoint.extension} must be an MD5 digest (32 lower-case hex digits)`);
      }
      const id = endpoint.extension;
      for (const object of agentPjsipObjects(id, endpoint.md5Cred, settings)) {
        if (object.type !== 'endpoint') {
          await api.put('res_pjsip', object.type, id, object.fields);
          continue;
        }
        const current = await api.get('res_pjsip', 'endpoint', id);
        if (current && current[ENDPOINT_VERSION_VAR] === object.version) continue;
        if (current) await api.remove('res_pjsip', 'endpoint', id);
        await api.put('res_pjsip', 'endpoint', id, object.fields);
      }
    },

    async removeAgentEndpoint(extension: string): Promise<void> {
      checkExtension(extension);
      for (const type of REMOVAL_ORDER) await api.remove('res_pjsip', type, extension);
    },
  };
}

function checkExtension(extension: string): void {
  if (!EXTENSION.test(extension)) {
    throw new SipProvisioningError('sip-account-invalid', `"${extension}" is not an extension: 3 to 8 digits`);
  }
}

function ipv4HostOf(url: string): string | undefined {
  try {
    const host = new URL(url).hostname;
    return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}
