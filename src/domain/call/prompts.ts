// Media names of the prompts the call flow plays (files in sounds/<lang>/<id>.wav,
// installed under hotline/ in Asterisk's sounds folder; the channel language picks zh or en).
import type { EmergencyNumber } from '../emergency/emergency-keys.js';
import { keyPrompt } from './number-prompts.js';

export const PROMPTS = {
  greeting: 'sound:hotline/greeting',
  greetingShort: 'sound:hotline/greeting-short',
  agentLost: 'sound:hotline/agent-lost',
  emergencyFailed: 'sound:hotline/emergency-failed',
  emergencyConnecting: (number: EmergencyNumber): string => `sound:hotline/emergency-connecting-${number}`,
} as const;

/** The greeting of the GREETING_LENGTH setting. */
export const greetingPrompt = (length: 'short' | 'long'): string => (length === 'short' ? PROMPTS.greetingShort : PROMPTS.greeting);

/**
 * The emergency keys as the waiting caller hears them, in key order: "紧急求助：报警按1，火警按2…",
 * built from the configured keys (EMERGENCY_KEYS); empty when there are none.
 */
export function emergencyKeysMedia(keys: Readonly<Partial<Record<string, EmergencyNumber>>>): string[] {
  const pairs = Object.entries(keys)
    .filter((pair): pair is [string, EmergencyNumber] => pair[1] !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  if (!pairs.length) return [];
  return ['sound:hotline/emergency-keys-intro', ...pairs.flatMap(([key, number]) => [`sound:hotline/emergency-key-${number}`, keyPrompt(key)])];
}
