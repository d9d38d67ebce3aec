// DevicePresence from AMI: which agent softphones have a reachable registered contact.
// Agents are PJSIP endpoints named by their extension (1001). Kept per contact, so an
// endpoint with two contacts stays reachable while one of them is. Fed by ContactStatus
// events; refresh() rebuilds everything from PJSIPShowContacts and must run after every
// (re)connect, because events missed while AMI was down are not replayed. While AMI is down
// the last known state is kept and `connected` is false.
//
// Seen on Asterisk 22.10 (keys as asterisk-manager lower-cases them):
//   ContactStatus  uri, contactstatus, aor, endpointname, roundtripusec. A REGISTER gives
//                  NonQualified at once, then Reachable / Unreachable from the qualify
//                  OPTIONS (3 s timeout); Expires: 0 gives Removed.
//   ContactList    (PJSIPShowContacts, dynamic contacts only) endpoint, uri, status,
//                  objectname "1001;@<hash>", viaaddr, viaport, useragent, expirationtime.
//                  No registered contact at all: "Response: Error, No Contacts found".
import type { Logger } from 'pino';
import type { DevicePresence } from '../../ports/agent/device-presence.js';
import { AmiActionError } from './ami-action-error.js';
import type { AmiConnection } from './ami-connection.js';
import { amiField, type AmiEvent } from './ami-message.js';

export interface AmiDevicePresenceOptions {
  ami: Pick<AmiConnection, 'ready' | 'on' | 'actionList'>;
  logger: Logger;
  /** Deadline for the whole PJSIPShowContacts listing. Default 10 s. */
  listTimeoutMs?: number;
}

export interface AmiDevicePresence extends DevicePresence {
  /** Extensions with a reachable contact right now (sorted), for status pages and tests. */
  reachableExtensions(): string[];
  /** Stops listening to AMI events. */
  close(): void;
}

/** Contact state (ContactStatus event / PJSIPShowContacts Status) → reachable, or null = keep. */
const REACHABLE: Record<string, boolean | null> = {
  created: true,
  reachable: true,
  nonqualified: true,
  removed: false,
  unreachable: false,
  updated: null,
  unknown: null,
};

type Contacts = Map<string, Map<string, boolean>>;

const anyReachable = (contacts: Map<string, boolean> | undefined): boolean =>
  contacts !== undefined && [...contacts.values()].some(Boolean);

export function createAmiDevicePresence(options: AmiDevicePresenceOptions): AmiDevicePresence {
  const { ami } = options;
  const log = options.logger.child({ component: 'ami-presence' });
  const listTimeoutMs = options.listTimeoutMs ?? 10_000;
  const listeners = new Set<(extension: string, reachable: boolean) => void>();
  let contacts: Contacts = new Map();
  let inflight: Promise<void> | null = null;

  function notify(extension: string, reachable: boolean): void {
    log.info({ extension, reachable }, 'agent device presence changed');
    for (const listener of [...listeners]) {
      try {
        listener(extension, reachable);
      } catch (err) {
        log.error({ err, extension }, 'device presence listener failed');
      }
    }
  }

  /** Replaces the contacts of the given extensions and notifies those whose presence flipped. */
  function replace(next: Contacts): void {
    const previous = contacts;
    contacts = next;
    for (const extension of new Set([...previous.keys(), ...next.keys()])) {
      const was = anyReachable(previous.get(extension));
      const now = anyReachable(next.get(extension));
      if (was !== now) notify(extension, now);
    }
  }

  function onContactStatus(event: AmiEvent): void {
    // static contacts (the trunk, emergency routes) carry no EndpointName: not agents
    const extension = amiField(event, 'endpointname');
    const uri = amiField(event, 'uri');
    const status = amiField(event, 'contactstatus');
    const mapped = REACHABLE[status.toLowerCase()];
    if (!extension || !uri) return;
    if (mapped === undefined) {
      log.warn({ extension, status }, 'ContactStatus with an unknown status; ignored');
      return;
    }
    const before = contacts.get(extension);
    const known = before?.get(uri);
    const reachable = mapped ?? known ?? status.toLowerCase() === 'updated';
    const after = new Map(before);
    if (status.toLowerCase() === 'removed') after.delete(uri);
    else after.set(uri, reachable);
    const next = new Map(contacts);
    if (after.size === 0) next.delete(extension);
    else next.set(extension, after);
    log.debug({ extension, status }, 'contact status');
    replace(next);
  }

  async function rebuild(): Promise<void> {
    let events: AmiEvent[];
    try {
      ({ events } = await ami.actionList({ action: 'PJSIPShowContacts' }, listTimeoutMs));
    } catch (err) {
      // Asterisk answers an empty listing with an error
      if (!(err instanceof AmiActionError && /no contacts found/i.test(err.reason))) throw err;
      events = [];
    }
    const next: Contacts = new Map();
    for (const event of events) {
      if (event.event.toLowerCase() !== 'contactlist') continue;
      const extension = amiField(event, 'endpoint');
      const uri = amiField(event, 'uri');
      if (!extension || !uri) continue;
      const perContact = next.get(extension) ?? new Map<string, boolean>();
      perContact.set(uri, REACHABLE[amiField(event, 'status').toLowerCase()] === true);
      next.set(extension, perContact);
    }
    replace(next);
    log.info({ contacts: events.length, reachable: [...next.keys()].filter((e) => anyReachable(next.get(e))) }, 'device presence rebuilt');
  }

  const unsubscribe = ami.on('ContactStatus', onContactStatus);

  return {
    get connected() {
      return ami.ready;
    },
    isReachable(extension) {
      return anyReachable(contacts.get(extension));
    },
    forget(extension) {
      if (!contacts.has(extension)) return;
      const next = new Map(contacts);
      next.delete(extension);
      replace(next);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    refresh() {
      inflight ??= rebuild().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    reachableExtensions() {
      return [...contacts.keys()].filter((e) => anyReachable(contacts.get(e))).sort();
    },
    close() {
      unsubscribe();
      listeners.clear();
    },
  };
}
