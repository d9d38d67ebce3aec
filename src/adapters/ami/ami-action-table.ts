// The AMI actions in flight on one session: each has its own ActionID and deadline, list
// actions collect the events that carry their ActionID until the "EventList: Complete" one,
// and everything still pending fails at once when the session goes away.
import type { AmiManager } from 'asterisk-manager';
import { AmiActionError } from './ami-action-error.js';
import { AmiTimeoutError } from './ami-timeout-error.js';
import { amiField, type AmiAction, type AmiEvent, type AmiListResult, type AmiMessage } from './ami-message.js';

interface Pending {
  manager: AmiManager;
  timer: NodeJS.Timeout;
  reject(err: Error): void;
  /** Set for list actions: the events carrying this ActionID. */
  list?: { events: AmiEvent[]; response?: AmiMessage; resolve(result: AmiListResult): void };
}

export interface AmiActionTable {
  /** Writes an action on a logged-in manager; resolves with its response (or the whole list). */
  send(manager: AmiManager, action: AmiAction, timeoutMs: number, list: false): Promise<AmiMessage>;
  send(manager: AmiManager, action: AmiAction, timeoutMs: number, list: true): Promise<AmiListResult>;
  /** Takes an event that belongs to a pending list action; false when it is not one. */
  takeListEvent(event: AmiEvent): boolean;
  /** Rejects every pending action (the session is gone). */
  failAll(reason: Error): void;
}

export function createAmiActionTable(): AmiActionTable {
  const pending = new Map<string, Pending>();
  let seq = 0;

  function settle(id: string): Pending | undefined {
    const p = pending.get(id);
    if (!p) return undefined;
    pending.delete(id);
    clearTimeout(p.timer);
    p.manager.removeAllListeners(id); // the library's once(ActionID) callback
    return p;
  }

  function send(manager: AmiManager, action: AmiAction, timeoutMs: number, list: boolean): Promise<AmiMessage | AmiListResult> {
    return new Promise((resolve, reject) => {
      const name = action.action;
      seq += 1;
      const entry: Pending = { manager, reject, timer: setTimeout(() => onTimeout(), timeoutMs) };
      if (list) entry.list = { events: [], resolve };
      const id = manager.action({ ...action, actionid: `hotline-${process.pid}-${seq}` }, (err, response) => {
        const p = pending.get(id);
        if (!p) return;
        if (err) {
          settle(id);
          reject(new AmiActionError(name, amiField(err, 'message') || 'error'));
        } else if (p.list) {
          p.list.response = response ?? {};
        } else {
          settle(id);
          resolve(response ?? {});
        }
      });
      pending.set(id, entry);
      function onTimeout(): void {
        if (settle(id)) reject(new AmiTimeoutError(name, timeoutMs));
      }
    });
  }

  return {
    send: send as AmiActionTable['send'],
    takeListEvent(event) {
      const id = amiField(event, 'actionid');
      const list = id ? pending.get(id)?.list : undefined;
      if (!list) return false;
      if (amiField(event, 'eventlist').toLowerCase() === 'complete') {
        settle(id);
        list.resolve({ response: list.response ?? {}, events: list.events });
      } else {
        list.events.push(event);
      }
      return true;
    },
    failAll(reason) {
      for (const [id, p] of [...pending]) {
        settle(id);
        p.reject(reason);
      }
    },
  };
}
