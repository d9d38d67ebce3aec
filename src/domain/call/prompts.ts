// Media names of the prompts the call flow plays (files in sounds/<lang>/<id>.wav,
// installed under hotline/ in Asterisk's sounds folder; the channel language picks zh or en).
import type { EmergencyNumber } from '../emergency/emergency-keys.js';

export const PROMPTS = {
  greeting: 'sound:hotline/greeting',
  agentLost: 'sound:hotline/agent-lost',
  emergencyFailed: 'sound:hotline/emergency-failed',
  emergencyConnecting: (number: EmergencyNumber): string => `sound:hotline/emergency-connecting-${number}`,
} as const;
