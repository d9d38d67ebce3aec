// Which greeting key hands the caller to which emergency service. Pure.

/** The emergency numbers that stay outside 12345: police, fire, ambulance, traffic accidents. */
export const EMERGENCY_NUMBERS = ['110', '119', '120', '122'] as const;
export type EmergencyNumber = (typeof EMERGENCY_NUMBERS)[number];

export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#';
export type EmergencyKeyMap = Readonly<Partial<Record<DtmfDigit, EmergencyNumber>>>;

const DIGITS = new Set<string>(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#']);

export function isEmergencyNumber(value: string): value is EmergencyNumber {
  return (EMERGENCY_NUMBERS as readonly string[]).includes(value);
}

/** Parses "1=110,2=119,3=120,4=122". Throws with a clear message on any bad pair. */
export function parseEmergencyKeys(spec: string): EmergencyKeyMap {
  const map: Partial<Record<DtmfDigit, EmergencyNumber>> = {};
  const seen = new Set<string>();
  for (const raw of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, number, ...rest] = raw.split('=').map((s) => s.trim());
    if (rest.length > 0 || key === undefined || number === undefined) {
      throw new Error(`"${raw}" is not key=number`);
    }
    if (!DIGITS.has(key)) throw new Error(`"${key}" is not a phone key (0-9, *, #)`);
    if (!isEmergencyNumber(number)) throw new Error(`"${number}" is not one of ${EMERGENCY_NUMBERS.join('/')}`);
    if (map[key as DtmfDigit]) throw new Error(`key "${key}" is given twice`);
    if (seen.has(number)) throw new Error(`number ${number} is given twice`);
    map[key as DtmfDigit] = number;
    seen.add(number);
  }
  return Object.freeze(map);
}

/** The emergency number a key selects, or undefined if the key is not an emergency key. */
export function emergencyNumberForKey(keys: EmergencyKeyMap, digit: string): EmergencyNumber | undefined {
  return keys[digit as DtmfDigit];
}
