// Puts agents' softphone accounts (PJSIP endpoint + auth + AOR) into the running Asterisk
// without a restart, and takes them out again.
export interface AgentEndpoint {
  extension: string;
  /** The digest credential (sipMd5Credential of the extension and password), never the password. */
  md5Cred: string;
}

export interface SipProvisioning {
  applyAgentEndpoint(endpoint: AgentEndpoint): Promise<void>;
  removeAgentEndpoint(extension: string): Promise<void>;
}
