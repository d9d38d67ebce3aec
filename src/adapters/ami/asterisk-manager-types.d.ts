// The small part of asterisk-manager 0.2.0 the hotline uses (the package ships no types).
// Messages arrive as flat objects with lower-cased keys ("event", "actionid", "contactstatus").
// Only ami-connection.ts touches this: it never lets the library queue or replay an action.
declare module 'asterisk-manager' {
  /** One AMI message (response or event); keys are lower-cased by the library. */
  export type AmiRawMessage = Readonly<Record<string, unknown>>;

  export interface AmiManager {
    connect(port: number, host: string, callback?: () => void): void;
    /** Sends Login with the constructor's credentials; the callback gets the error response. */
    login(callback?: (err?: AmiRawMessage) => void): void;
    /** Writes the action (or holds it until login: never call it before login). Returns the ActionID. */
    action(
      action: Record<string, string | number>,
      callback?: (err: AmiRawMessage | undefined, response: AmiRawMessage | undefined) => void,
    ): string;
    disconnect(callback?: () => void): void;
    isConnected(): boolean;
    on(event: 'managerevent' | 'response', listener: (message: AmiRawMessage) => void): void;
    on(event: 'error', listener: (err: Error) => void): void;
    on(event: 'connect' | 'close' | 'end', listener: () => void): void;
    removeAllListeners(event?: string): void;
  }

  /** With port undefined the library does not connect by itself. */
  function AsteriskManager(
    port: number | undefined,
    host: string,
    username: string,
    password: string,
    events: boolean,
  ): AmiManager;
  export default AsteriskManager;
}
