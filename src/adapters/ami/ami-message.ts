// The shapes that cross the AMI boundary. asterisk-manager hands messages over as flat
// objects with lower-cased keys; a header sent twice becomes an array.
import type { AmiRawMessage } from 'asterisk-manager';

/** A response or event; keys are lower-cased ("actionid", "eventlist", "contactstatus"). */
export type AmiMessage = AmiRawMessage;
export type AmiEvent = AmiMessage & { readonly event: string };
/** An action: `action` is its name, the other keys its headers (case-insensitive). */
export type AmiAction = { readonly action: string } & Readonly<Record<string, string | number>>;
export type AmiEventListener = (event: AmiEvent) => void;

export interface AmiListResult {
  response: AmiMessage;
  /** The list's events (e.g. ContactList), without the closing ...Complete event. */
  events: AmiEvent[];
}

/** One header's value as a string ('' when absent; the first one when repeated). */
export function amiField(message: AmiMessage, key: string): string {
  const value = message[key.toLowerCase()];
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return String(value[0] ?? '');
  return '';
}
