// Keeps one AMI (Asterisk Manager Interface) session alive for the life of the app.
// asterisk-manager 0.2.0 holds actions sent while logged out and replays them after the next
// login (a stale Originate or Hangup minutes later), never times an action out, has no
// heartbeat and swallows errors. So this supervisor:
//  - opens a fresh manager per attempt and reconnects forever with capped, jittered backoff,
//  - rejects an action at once while not logged in (AmiDisconnectedError): nothing is queued,
//  - times every action out (AmiTimeoutError) and fails the pending ones when the link drops,
//  - pings every pingIntervalMs and drops the session after 3 unanswered pings,
//  - asks Asterisk only for the events someone listens to (a session Filter per event name),
//  - calls onConnected() after every (re)login so the app re-reads what it missed.
import AsteriskManager, { type AmiManager } from 'asterisk-manager';
import type { Logger } from 'pino';
import { createAmiActionTable } from './ami-action-table.js';
import { AmiDisconnectedError } from './ami-disconnected-error.js';
import { amiField, type AmiAction, type AmiEvent, type AmiEventListener, type AmiListResult, type AmiMessage } from './ami-message.js';

export interface AmiConnectionOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  logger: Logger;
  /** Ping period; three unanswered pings drop the session. Default 15 s. */
  pingIntervalMs?: number;
  /** Deadline of every action (and of a whole list). Default 5 s. */
  actionTimeoutMs?: number;
  /** Deadline for TCP connect + login. Default 10 s. */
  connectTimeoutMs?: number;
  /** Upper bound of the jittered reconnect delay. Default 10 s. */
  reconnectMaxDelayMs?: number;
  /** Runs after every (re)login; errors are logged. */
  onConnected?(): Promise<void> | void;
}

export interface AmiConnection {
  /** Logged in and answering pings. */
  readonly ready: boolean;
  /** Sends one action; rejects at once when not connected, never queues. */
  action(action: AmiAction, timeoutMs?: number): Promise<AmiMessage>;
  /** Sends a list action (PJSIPShowContacts, QueueStatus...) and collects its events. */
  actionList(action: AmiAction, timeoutMs?: number): Promise<AmiListResult>;
  /** Listens to one event by name (case-insensitive), across reconnects. Returns an unsubscribe. */
  on(eventName: string, listener: AmiEventListener): () => void;
  start(): void;
  stop(): Promise<void>;
}

const MISSED_PINGS_ALLOWED = 3;

export function createAmiConnection(options: AmiConnectionOptions): AmiConnection {
  const log = options.logger.child({ component: 'ami' });
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const actionTimeoutMs = options.actionTimeoutMs ?? 5_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const reconnectMaxDelayMs = options.reconnectMaxDelayMs ?? 10_000;
  const subscriptions = new Map<string, { name: string; listeners: Set<AmiEventListener> }>();
  const actions = createAmiActionTable();
  let current: AmiManager | null = null;
  let ready = false;
  let stopped = true;
  let attempt = 0;
  let eventsOff = false;
  let lastPong = Date.now();
  let pingTimer: NodeJS.Timeout | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let loginTimer: NodeJS.Timeout | null = null;

  /** 250 ms doubling per try, capped at reconnectMaxDelayMs. */
  const cappedDelayMs = (tries: number) => Math.min(reconnectMaxDelayMs, 250 * 2 ** Math.min(tries, 10));

  function backoffMs(): number {
    const exp = cappedDelayMs(attempt);
    return Math.round(exp / 2 + Math.random() * (exp / 2));
  }

  function dispatch(event: AmiMessage): void {
    if (typeof event.event !== 'string') return;
    const withName = event as AmiEvent;
    if (actions.takeListEvent(withName)) return;
    const sub = subscriptions.get(withName.event.toLowerCase());
    if (!sub) return;
    for (const listener of [...sub.listeners]) {
      try {
        listener(withName);
      } catch (err) {
        log.error({ err, event: withName.event }, 'AMI event listener failed');
      }
    }
  }

  function teardown(reason: string): void {
    if (pingTimer) clearInterval(pingTimer);
    if (loginTimer) clearTimeout(loginTimer);
    pingTimer = null;
    loginTimer = null;
    const old = current;
    current = null;
    if (ready) log.warn({ reason }, 'AMI connection lost');
    ready = false;
    actions.failAll(new AmiDisconnectedError());
    if (old) {
      old.removeAllListeners();
      // keep a listener so a late socket error cannot crash the process
      old.on('error', () => undefined);
      try {
        old.disconnect();
      } catch (err) {
        log.debug({ err }, 'closing the old AMI socket failed (already closed)');
      }
    }
  }

  function scheduleReconnect(reason: string): void {
    teardown(reason);
    if (stopped || retryTimer) return;
    const delay = backoffMs();
    attempt += 1;
    log.info({ attempt, delayMs: delay, reason }, 'AMI reconnect scheduled');
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  async function addFilter(manager: AmiManager, name: string): Promise<void> {
    try {
      await actions.send(manager, { action: 'Filter', operation: 'Add', matchcriteria: `action(include),name(${name})` }, actionTimeoutMs, false);
      if (eventsOff) {
        await actions.send(manager, { action: 'Events', eventmask: 'on' }, actionTimeoutMs, false);
        eventsOff = false;
      }
    } catch (err) {
      log.warn({ err: (err as Error).message, event: name }, 'AMI event filter not set (events are filtered here instead)');
    }
  }

  async function subscribeEvents(manager: AmiManager): Promise<void> {
    eventsOff = false;
    if (subscriptions.size === 0) {
      await actions.send(manager, { action: 'Events', eventmask: 'off' }, actionTimeoutMs, false);
      eventsOff = true;
      return;
    }
    for (const { name } of subscriptions.values()) await addFilter(manager, name);
  }

  async function onLoggedIn(manager: AmiManager): Promise<void> {
    try {
      await subscribeEvents(manager);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'AMI event subscription failed');
      if (current === manager) scheduleReconnect('event subscription failed');
      return;
    }
    if (current !== manager) return;
    attempt = 0;
    lastPong = Date.now();
    pingTimer = setInterval(() => {
      if (Date.now() - lastPong > pingIntervalMs * MISSED_PINGS_ALLOWED) {
        scheduleReconnect('missed pings (half-open socket or stuck manager)');
        return;
      }
      actions.send(manager, { action: 'Ping' }, Math.min(actionTimeoutMs, pingIntervalMs * MISSED_PINGS_ALLOWED), false).then(
        () => {
          lastPong = Date.now();
        },
        (err: Error) => log.debug({ err: err.message }, 'AMI ping unanswered'),
      );
    }, pingIntervalMs);
    pingTimer.unref();
    ready = true;
    log.info({ host: options.host, port: options.port }, 'AMI connected');
    await resync(manager);
  }

  // Asterisk accepts manager logins before all its modules are loaded (after a restart
  // PJSIPShowContacts may still be unknown): a failed resync is retried while this
  // connection lasts, so state is never left stale until the next reconnect.
  async function resync(manager: AmiManager): Promise<void> {
    for (let tries = 0; options.onConnected; tries += 1) {
      try {
        await options.onConnected();
        return;
      } catch (err) {
        const delay = cappedDelayMs(tries);
        log.error({ err, retryInMs: delay }, 'resync after AMI connect failed');
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
        if (current !== manager || stopped) return;
      }
    }
  }

  function connect(): void {
    if (stopped) return;
    const manager = AsteriskManager(undefined, options.host, options.username, options.secret, false);
    current = manager;
    manager.on('error', (err) => log.warn({ err: err.message }, 'AMI socket error'));
    manager.on('close', () => {
      if (current === manager) scheduleReconnect('socket closed');
    });
    manager.on('managerevent', dispatch);
    loginTimer = setTimeout(() => scheduleReconnect('connect or login timed out'), connectTimeoutMs);
    manager.connect(options.port, options.host, () => {
      if (current !== manager) {
        manager.disconnect();
        return;
      }
      manager.login((err) => {
        if (current !== manager) return;
        if (loginTimer) clearTimeout(loginTimer);
        loginTimer = null;
        if (err) {
          log.error({ reason: amiField(err, 'message'), username: options.username }, 'AMI login refused');
          scheduleReconnect('login refused');
          return;
        }
        void onLoggedIn(manager);
      });
    });
  }

  function liveManager(name: string): AmiManager {
    if (!current || !ready || !current.isConnected()) throw new AmiDisconnectedError(name);
    return current;
  }

  return {
    get ready() {
      return ready;
    },
    async action(action, timeoutMs = actionTimeoutMs) {
      return actions.send(liveManager(action.action), action, timeoutMs, false);
    },
    async actionList(action, timeoutMs = actionTimeoutMs) {
      return actions.send(liveManager(action.action), action, timeoutMs, true);
    },
    on(eventName, listener) {
      const key = eventName.toLowerCase();
      let sub = subscriptions.get(key);
      if (!sub) {
        sub = { name: eventName, listeners: new Set() };
        subscriptions.set(key, sub);
        if (current && ready) void addFilter(current, eventName);
      }
      sub.listeners.add(listener);
      const { listeners } = sub;
      return () => {
        listeners.delete(listener);
      };
    },
    start() {
      if (!stopped) return;
      stopped = false;
      attempt = 0;
      connect();
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      teardown('stopping');
    },
  };
}
