// Phone numbers are personal data: logs show only enough digits to tell calls apart.

/** "13800138000" -> "138****8000"; short numbers such as 110 or 12345 stay readable. */
export function maskNumber(number: string | null | undefined): string {
  if (!number) return '';
  if (number.length <= 5) return number;
  if (number.length <= 8) return `${number.slice(0, 2)}${'*'.repeat(number.length - 4)}${number.slice(-2)}`;
  return `${number.slice(0, 3)}${'*'.repeat(number.length - 7)}${number.slice(-4)}`;
}
