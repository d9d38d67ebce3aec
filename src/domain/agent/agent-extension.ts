// Which numbers an agent's softphone extension may have. An extension is dialled inside the
// exchange, next to the hotline, the emergency services and the feature codes, so it must never
// be a number a caller or an agent dials for something else. Pure.
//
// The rule: 3 to 6 digits, and
//   - not starting with 0: the trunk prefix of long-distance and international numbers (0007790);
//   - not a 3-digit number starting with 1 or 9: China's special services (110, 112, 114, 119,
//     120, 122) and the emergency numbers of other countries (911, 999);
//   - not a 5-digit number starting with 1, 95 or 96: public-service and carrier short numbers
//     (12345, 12315, 10086) and enterprise and local service numbers (95xxx, 96xxx);
//   - not starting with the hotline number (HOTLINE_NUMBER, 12345): its lines, e.g. 123451 for
//     the enterprise line, are the hotline number and one more digit;
//   - never one of the emergency numbers the app hands callers to (EMERGENCY_NUMBERS).
// Feature codes (*21, #…) are never digits only, so no extension can be one. 7 digits and more
// are local citizen numbers the exchange dials out.
import { EMERGENCY_NUMBERS } from '../emergency/emergency-keys.js';

const DIGITS = /^\d{3,6}$/;

/**
 * Why `extension` cannot be an agent's extension (a message for people, e.g. 'must not be 110,
 * an emergency number'), or null when it can be. `hotlineNumber` is HOTLINE_NUMBER.
 */
export function agentExtensionProblem(extension: string, hotlineNumber: string): string | null {
  if (!DIGITS.test(extension)) return 'must be 3 to 6 digits';
  if ((EMERGENCY_NUMBERS as readonly string[]).includes(extension)) return `must not be ${extension}, an emergency number`;
  if (extension.startsWith('0')) return 'must not start with 0, the trunk prefix of long-distance and international numbers';
  if (extension.startsWith(hotlineNumber)) return `must not start with the hotline number ${hotlineNumber}`;
  if (extension.length === 3 && /^[19]/.test(extension)) {
    return 'must not be a 3-digit number starting with 1 or 9 (special services and emergency numbers: 110, 112, 114, 911, 999, …)';
  }
  if (extension.length === 5 && /^(?:1|95|96)/.test(extension)) {
    return 'must not be a 5-digit number starting with 1, 95 or 96 (public service and carrier numbers: 12345, 10086, 95xxx, …)';
  }
  return null;
}
