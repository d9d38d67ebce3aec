// Puts agents' softphone accounts (PJSIP endpoint + auth + AOR) into the running Asterisk
// without a restart, and takes them out again.
export interface AgentEndpoint {
  extension: string;
  password: string;
}

export interface SipProvisioning {
  applyAgentEndpoint(endpoint: AgentEndpoint): Promise<void>;
  removeAgentEndpoint(extension: string): Promise<void>;
}
