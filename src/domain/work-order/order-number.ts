// Work order numbers: readable, unique, per year (年份-序号, e.g. 2026-000123). The year is the
// year in China (UTC+8, no daylight saving) when the order was taken.

/** YYYY-NNNNNN: the year, then a per-year sequence of at least six digits. */
export const ORDER_NO_PATTERN = /^[0-9]{4}-[0-9]{6,9}$/;

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The calendar year in China at `at`. */
export const chinaYearOf = (at: Date): number => new Date(at.getTime() + CHINA_OFFSET_MS).getUTCFullYear();

/** 2026, 123 → "2026-000123". */
export const formatOrderNo = (year: number, seq: number): string => `${year}-${String(seq).padStart(6, '0')}`;
