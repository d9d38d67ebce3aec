// The three res_pjsip objects of one agent softphone, with the fields of the [agent],
// [agent-auth] and [agent-aor] templates in dialplans/pjsip.conf (memory objects pushed over
// ARI cannot inherit a template, so the values are repeated here: change both together).
// Fields are applied in order: `disallow` before `allow`, `deny` before `permit`.
import { createHash } from 'node:crypto';
import { SIP_REALM } from '../../domain/agent/sip-credential.js';
import type { ConfigField } from './ari-config-api.js';

export interface AgentObjectSettings {
  /** The SIP transport of pjsip.conf. Default "transport-udp". */
  transport?: string;
  /** ASTERISK_BIND_ADDR: media_address, RTP bound to it. Omitted: Asterisk's default (0.0.0.0). */
  mediaAddress?: string;
  /** Where agents' SIP and registrations may come from (ACL). Default loopback only. */
  agentNetworks?: readonly string[];
  /** rtp_timeout: seconds without media before Asterisk hangs up the agent's leg. Default 30. */
  rtpTimeoutSeconds?: number;
}

export interface PjsipObject {
  type: 'auth' | 'aor' | 'endpoint';
  fields: ConfigField[];
  /** Endpoint only: the hash of its settings, carried in set_var ENDPOINT_VERSION_VAR. */
  version?: string;
}

/**
 * Channel variable set on the endpoint (set_var) naming a hash of its settings, so a re-apply
 * can tell an endpoint that is already right from one to replace. ARI shows each set_var
 * as a field of its own: { attribute: "HOTLINE_ENDPOINT_VERSION", value: "<hash>" }.
 */
export const ENDPOINT_VERSION_VAR = 'HOTLINE_ENDPOINT_VERSION';

const LOOPBACK = ['127.0.0.0/255.0.0.0'];

const f = (attribute: string, value: string | number): ConfigField => ({ attribute, value: String(value) });

/**
 * In creation order: auth and AOR first, then the endpoint that names them. `md5Cred` is the
 * digest credential (sipMd5Credential) for SIP_REALM: the auth never carries a password.
 */
export function agentPjsipObjects(extension: string, md5Cred: string, settings: AgentObjectSettings = {}): PjsipObject[] {
  const networks = settings.agentNetworks ?? LOOPBACK;
  const media = settings.mediaAddress === undefined
    ? []
    : [f('media_address', settings.mediaAddress), f('bind_rtp_to_media_address', 'yes')];
  const endpoint = [
    f('transport', settings.transport ?? 'transport-udp'),
    f('context', 'hotline-agents'),
    f('disallow', 'all'),
    f('allow', 'ulaw,alaw,g722'),
    f('dtmf_mode', 'auto_info'),
    f('direct_media', 'no'),
    f('rtp_symmetric', 'yes'),
    f('force_rport', 'yes'),
    f('rewrite_contact', 'yes'),
    f('identify_by', 'username'),
    f('language', 'zh'),
    f('device_state_busy_at', 1),
    f('rtp_timeout', settings.rtpTimeoutSeconds ?? 30),
    f('rtp_timeout_hold', 300),
    f('deny', '0.0.0.0/0.0.0.0'),
    ...networks.map((n) => f('permit', n)),
    f('contact_deny', '0.0.0.0/0.0.0.0'),
    ...networks.map((n) => f('contact_permit', n)),
    ...media,
    f('auth', extension),
    f('aors', extension),
    f('callerid', `"Agent ${extension}" <${extension}>`),
  ];
  const version = createHash('sha256').update(JSON.stringify(endpoint)).digest('hex').slice(0, 16);
  return [
    {
      type: 'auth',
      // password empty: an auth pushed by an older version is updated in place and must lose it
      fields: [
        f('auth_type', 'digest'), f('username', extension), f('realm', SIP_REALM), f('password', ''), f('password_digest', `md5:${md5Cred}`),
      ],
    },
    {
      type: 'aor',
      fields: [f('max_contacts', 1), f('remove_existing', 'yes'), f('qualify_frequency', 15)],
    },
    { type: 'endpoint', fields: [...endpoint, f('set_var', `${ENDPOINT_VERSION_VAR}=${version}`)], version },
  ];
}
