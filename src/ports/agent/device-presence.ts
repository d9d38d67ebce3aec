// Whether an agent's softphone is registered and reachable (from AMI contact/device state).
export interface DevicePresence {
  /** True when the extension has a reachable registered contact. */
  isReachable(extension: string): boolean;
  /** Called whenever an extension becomes reachable or unreachable. Returns an unsubscribe. */
  onChange(listener: (extension: string, reachable: boolean) => void): () => void;
  /**
   * Drops what is known of the extension's contacts (its account was deleted in Asterisk, which
   * may not say so): unreachable until a contact registers again.
   */
  forget(extension: string): void;
  /** Asks Asterisk for the current state of every contact (after a (re)connect). */
  refresh(): Promise<void>;
  readonly connected: boolean;
}
