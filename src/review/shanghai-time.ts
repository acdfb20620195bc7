/**
 * China keeps one time zone, Asia/Shanghai, at UTC+8 with no daylight saving since 1991, so a fixed
 * offset is exact for every date this product handles and needs no time-zone database.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** The calendar date in Shanghai, `YYYY-MM-DD`. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The Shanghai calendar year of an instant. */
export function shanghaiYear(at: Date): number {
  return new Date(at.getTime() + OFFSET_MS).getUTCFullYear();
}

/** Milliseconds since Shanghai midnight of the same Shanghai date. */
export function shanghaiTimeOfDay(at: Date): number {
  const shifted = at.getTime() + OFFSET_MS;
  return ((shifted % DAY_MS) + DAY_MS) % DAY_MS;
}

/** The instant of `hour:00` Shanghai time on a Shanghai date (`YYYY-MM-DD`); hours may be fractional. */
export function shanghaiInstant(date: string, hour = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS + hour * HOUR_MS);
}

/** The Shanghai date `days` calendar days after `date`. */
export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Shanghai wall-clock `YYYY-MM-DD HH:mm`, for texts shown to people in China. */
export function shanghaiDateTime(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
