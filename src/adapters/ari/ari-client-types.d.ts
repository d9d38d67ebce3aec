// The small part of ari-client 2.2.0 the hotline uses. @types/ari-client is hand-written and
// partly wrong (e.g. timestamps), so raw events are validated in ari-events.ts instead.
declare module 'ari-client' {
  import type { EventEmitter } from 'node:events';

  type Params = Record<string, unknown>;
  type Resource = Record<string, (params?: Params) => Promise<unknown>>;

  export interface AriClient extends EventEmitter {
    start(apps: string | string[]): Promise<void>;
    stop(): void;
    ping(): void;
    channels: Resource;
    bridges: Resource;
    playbacks: Resource;
    applications: Resource;
    asterisk: Resource;
  }

  const ari: { connect(url: string, user: string, password: string): Promise<AriClient> };
  export default ari;
}
