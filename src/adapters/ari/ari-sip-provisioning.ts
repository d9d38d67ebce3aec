// SipProvisioning over ARI push configuration: an agent's softphone account becomes three
// res_pjsip objects (auth, AOR, endpoint) named after the extension, created in the running
// Asterisk's memory wizard (dialplans/sorcery.conf) without a reload. Memory objects vanish
// when Asterisk restarts: the app pushes every agent again after each ARI (re)connect.
import type { AgentEndpoint, SipProvisioning } from '../../ports/sip-provisioning.js';
import { createAriConfigApi, type AriConfigApi, type AriConfigApiOptions } from './ari-config-api.js';
import { agentPjsipObjects, type AgentObjectSettings } from './pjsip-agent-objects.js';
import { SipProvisioningError } from './sip-provisioning-error.js';

export type AriSipProvisioningOptions = AriConfigApiOptions & AgentObjectSettings;

const EXTENSION = /^\d{3,8}$/;
// Generated secrets are long; no quotes, spaces, ';' or '\' that a config value could trip on.
const PASSWORD = /^[A-Za-z0-9!#$%&()*+,./:<=>?@[\]^_{|}~-]{16,128}$/;

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
  };

  return {
    async applyAgentEndpoint(endpoint: AgentEndpoint): Promise<void> {
      checkExtension(endpoint.extension);
      if (!PASSWORD.test(endpoint.password)) {
        throw new SipProvisioningError('sip-account-invalid', `The SIP password of ${endpoint.extension} must be 16 to 128 characters without spaces, quotes, ";" or "\\"`);
      }
      for (const object of agentPjsipObjects(endpoint.extension, endpoint.password, settings)) {
        await api.put('res_pjsip', object.type, endpoint.extension, object.fields);
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
