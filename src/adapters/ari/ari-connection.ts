// Keeps one ARI connection alive for the life of the app. ari-client gives up after 10
// reconnects and never notices a half-open socket, so this supervisor:
//  - reconnects forever with capped, jittered backoff (a fresh client each time),
//  - pings every ARI_PING_INTERVAL_MS and drops the socket after 3 missed pongs,
//  - reports readiness, and calls onConnected() after every (re)connect so the app reconciles.
import ari, { type AriClient } from 'ari-client';
import type { Logger } from 'pino';
import { NamedError } from '../../domain/shared/named-error.js';

export interface AriConnectionOptions {
  url: string;
  username: string;
  password: string;
  app: string;
  pingIntervalMs: number;
  reconnectMaxDelayMs: number;
  logger: Logger;
  onEvent(raw: unknown): void;
  onConnected(): Promise<void> | void;
  /**
   * Event types Asterisk sends this app (PUT /applications/{app}/eventFilter, set on every
   * connect): the rest (ChannelVarset, ChannelDialplan, Dial…) is never written to the socket
   * nor parsed here. Absent: every event.
   */
  eventTypes?: readonly string[];
}

export interface AriConnection {
  readonly ready: boolean;
  /** The live client, or an error if disconnected (callers fail fast, never queue). */
  client(): AriClient;
  /** Listeners on the live client (0 while disconnected): a figure that must stay flat under load. */
  listenerCount(): number;
  start(): void;
  stop(): Promise<void>;
}

export class AriDisconnectedError extends NamedError {
  readonly code = 'ari-disconnected';
  constructor() {
    super('ARI is not connected');
  }
}

const MISSED_PONGS_ALLOWED = 3;
const CONNECT_TIMEOUT_MS = 10_000;

/** Resolves when ARI's API description answers 200; rejects otherwise (within 3 s). */
async function ariAnswers(o: { url: string; username: string; password: string }): Promise<void> {
  const auth = Buffer.from(`${o.username}:${o.password}`).toString('base64');
  const res = await fetch(new URL('/ari/api-docs/resources.json', o.url), {
    headers: { authorization: `Basic ${auth}` },
    signal: AbortSignal.timeout(3_000),
  });
  await res.body?.cancel();
  if (res.status !== 200) throw new Error(`ARI answered HTTP ${res.status}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** True for what ari-client and the swagger-client under it throw outside their promises. */
export function isAriLibraryThrow(err: unknown): boolean {
  if (typeof err === 'string') return err.includes('/ari/');
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  return stack.includes('node_modules/swagger-client') || stack.includes('node_modules/ari-client');
}

export function createAriConnection(options: AriConnectionOptions): AriConnection {
  const log = options.logger.child({ component: 'ari' });
  let current: AriClient | null = null;
  let ready = false;
  let stopped = false;
  let attempt = 0;
  let pingTimer: NodeJS.Timeout | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let lastPong = Date.now();

  function backoffMs(): number {
    const exp = Math.min(options.reconnectMaxDelayMs, 250 * 2 ** Math.min(attempt, 10));
    return Math.round(exp / 2 + Math.random() * (exp / 2));
  }

  function teardown(reason: string): void {
    if (pingTimer) clearInterval(pingTimer);
    pingTimer = null;
    const old = current;
    current = null;
    if (ready) log.warn({ reason }, 'ARI connection lost');
    ready = false;
    if (old) {
      old.removeAllListeners();
      // keep a listener so a late socket error cannot crash the process
      old.on('error', () => undefined);
      try {
        old.stop();
      } catch (err) {
        log.debug({ err }, 'closing the old ARI socket failed (already closed)');
      }
    }
  }

  function scheduleReconnect(reason: string): void {
    teardown(reason);
    if (stopped || retryTimer) return;
    const delay = backoffMs();
    attempt += 1;
    log.info({ attempt, delayMs: delay }, 'ARI reconnect scheduled');
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
  }

  /**
   * ari-client parses every websocket message in its own listener and throws (an uncaught
   * exception that would stop the process) when the event's type is missing from the API
   * description it loaded, as can happen while Asterisk is still starting. Wrap those listeners:
   * such a message is logged and the connection is made again from scratch.
   */
  function guardMessageHandlers(client: AriClient): void {
    const ws = (client as unknown as { _ws?: { listeners(e: string): Array<(...a: unknown[]) => void>; removeAllListeners(e: string): void; on(e: string, f: (...a: unknown[]) => void): void } })._ws;
    if (!ws) return;
    const handlers = ws.listeners('message');
    ws.removeAllListeners('message');
    for (const handler of handlers) {
      ws.on('message', (...args: unknown[]) => {
        try {
          handler(...args);
        } catch (err) {
          log.error({ err: (err as Error).message }, 'ARI event could not be parsed by ari-client; reconnecting');
          scheduleReconnect('event parse failure');
        }
      });
    }
  }

  async function connect(): Promise<void> {
    if (stopped) return;
    let client: AriClient;
    try {
      // While Asterisk starts, its HTTP server answers before ARI does (503). swagger-client,
      // under ari-client, throws that outside any promise, so only connect once ARI answers,
      // and never wait on a connect that will not settle.
      await ariAnswers(options);
      client = await withTimeout(ari.connect(options.url, options.username, options.password), CONNECT_TIMEOUT_MS, 'ARI connect');
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'ARI not reachable');
      scheduleReconnect('connect failed');
      return;
    }
    if (stopped) return;
    current = client;
    client.on('*', (event: unknown) => options.onEvent(event));
    client.on('pong', () => {
      lastPong = Date.now();
    });
    client.on('WebSocketReconnecting', () => {
      // Our own loop reconnects: drop this client so its 10-try limit never matters.
      scheduleReconnect('websocket closed');
    });
    client.on('WebSocketMaxRetries', () => scheduleReconnect('websocket retries exhausted'));
    client.on('APILoadError', () => scheduleReconnect('API load error'));
    client.on('error', (err: Error) => log.warn({ err: err.message }, 'ARI client error'));
    try {
      await client.start(options.app);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'ARI websocket did not open');
      scheduleReconnect('websocket failed');
      return;
    }
    if (current !== client) return;
    await filterEvents(client);
    if (current !== client) return;
    guardMessageHandlers(client);
    attempt = 0;
    lastPong = Date.now();
    pingTimer = setInterval(() => {
      if (Date.now() - lastPong > options.pingIntervalMs * MISSED_PONGS_ALLOWED) {
        scheduleReconnect('missed pongs (half-open socket)');
        return;
      }
      client.ping();
    }, options.pingIntervalMs);
    pingTimer.unref();
    ready = true;
    log.info({ app: options.app }, 'ARI connected');
    try {
      await options.onConnected();
    } catch (err) {
      log.error({ err }, 'reconcile after ARI connect failed');
    }
  }

  // Without the filter every event still arrives and unused ones are dropped here: a warning, not a failure.
  async function filterEvents(client: AriClient): Promise<void> {
    if (!options.eventTypes) return;
    try {
      const allowed = options.eventTypes.map((type) => ({ type }));
      await withTimeout(client.applications.filter!({ applicationName: options.app, filter: { allowed } }), CONNECT_TIMEOUT_MS, 'ARI event filter');
      log.debug({ allowed: options.eventTypes }, 'ARI event filter set');
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'ARI event filter not set (every event is sent)');
    }
  }

  return {
    get ready() {
      return ready;
    },
    client() {
      if (!current || !ready) throw new AriDisconnectedError();
      return current;
    },
    listenerCount() {
      const c = current as unknown as { eventNames?(): Array<string | symbol>; listenerCount?(e: string | symbol): number } | null;
      if (!c?.eventNames || !c.listenerCount) return 0;
      return c.eventNames().reduce((sum, e) => sum + c.listenerCount!(e), 0);
    },
    start() {
      stopped = false;
      void connect();
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      teardown('stopping');
    },
  };
}
