import {
  addCalendarDays,
  HOUR_MS,
  shanghaiDate,
  shanghaiInstant,
  shanghaiTimeOfDay,
  shanghaiYear,
} from './shanghai-time.ts';

/**
 * Where the day-by-day facts come from: `chinese-days` in production (chinese-days-source.ts), a
 * fixed table in tests. Dates are Shanghai calendar dates, `YYYY-MM-DD`.
 */
export interface DaySource {
  /** Holidays are off, make-up weekend days (调休) are on, otherwise Monday–Friday. */
  isWorkday(date: string): boolean;
  /** Whether the State Council schedule for this year is in the data (otherwise it is a guess). */
  coversYear(year: number): boolean;
}

export interface WorkingDayResult {
  date: Date;
  /** True when the count ran through a year the calendar does not know: holidays there are guessed. */
  estimate: boolean;
}

export interface WorkingDayCalendar {
  isWorkday(at: Date): boolean;
  /** `days` may be fractional: 1.5 working days = 13.5 office hours (see OFFICE_HOURS). */
  addWorkingDays(from: Date, days: number): WorkingDayResult;
  /** Office time between two instants, in working days (fractional; negative when b is before a). */
  workingDaysBetween(a: Date, b: Date): number;
  covers(year: number): boolean;
  /** The contiguous range of years with published holiday data, or null when none is known. */
  knownYears(): { from: number; to: number } | null;
}

/**
 * Working days are counted in office time so that half days mean something: a working day is the
 * nine hours from 09:00 to 18:00 Shanghai time (lunch is not subtracted; providers quote whole and
 * half days, not hours). Time outside office hours, weekends and holidays does not count, so a
 * filing submitted on Saturday night starts its clock on the next working day at 09:00, and
 * "2 working days" from Monday 10:00 ends on Wednesday at 10:00.
 */
export const OFFICE_HOURS = { start: 9, end: 18 } as const;
const OFFICE_DAY_MS = (OFFICE_HOURS.end - OFFICE_HOURS.start) * HOUR_MS;
const OPEN_MS = OFFICE_HOURS.start * HOUR_MS;
const CLOSE_MS = OFFICE_HOURS.end * HOUR_MS;
/** More than any stage needs; only guards against a source that never reports a working day. */
const MAX_SCAN_DAYS = 3660;
const PROBE_YEARS = { from: 2000, to: 2100 } as const;

export function createWorkingDayCalendar(source: DaySource): WorkingDayCalendar {
  /** The next instant at which office time runs: `at` itself when inside office hours on a workday. */
  function nextOfficeMoment(at: Date): Date {
    let date = shanghaiDate(at);
    const time = shanghaiTimeOfDay(at);
    if (source.isWorkday(date) && time >= OPEN_MS && time < CLOSE_MS) return at;
    if (!(source.isWorkday(date) && time < OPEN_MS)) date = nextWorkday(date);
    return shanghaiInstant(date, OFFICE_HOURS.start);
  }

  function nextWorkday(date: string): string {
    let next = date;
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      next = addCalendarDays(next, 1);
      if (source.isWorkday(next)) return next;
    }
    throw new Error(`no working day within ${MAX_SCAN_DAYS} days after ${date}`);
  }

  function yearsCovered(fromYear: number, toYear: number): boolean {
    for (let y = fromYear; y <= toYear; y++) if (!source.coversYear(y)) return false;
    return true;
  }

  function officeMsBetween(a: Date, b: Date): number {
    if (b.getTime() < a.getTime()) return -officeMsBetween(b, a);
    let cursor = nextOfficeMoment(a);
    let total = 0;
    while (cursor.getTime() < b.getTime()) {
      const close = shanghaiInstant(shanghaiDate(cursor), OFFICE_HOURS.end);
      total += Math.min(close.getTime(), b.getTime()) - cursor.getTime();
      cursor = shanghaiInstant(nextWorkday(shanghaiDate(cursor)), OFFICE_HOURS.start);
    }
    return total;
  }

  let known: { from: number; to: number } | null | undefined;

  return {
    isWorkday: (at) => source.isWorkday(shanghaiDate(at)),

    addWorkingDays(from, days) {
      if (!Number.isFinite(days) || days < 0) throw new Error(`working days must be ≥ 0, got ${days}`);
      if (days === 0) return { date: from, estimate: !source.coversYear(shanghaiYear(from)) };
      let remaining = Math.round(days * OFFICE_DAY_MS);
      let cursor = nextOfficeMoment(from);
      for (;;) {
        const close = shanghaiInstant(shanghaiDate(cursor), OFFICE_HOURS.end);
        const left = close.getTime() - cursor.getTime();
        if (remaining <= left) {
          const date = new Date(cursor.getTime() + remaining);
          return { date, estimate: !yearsCovered(shanghaiYear(from), shanghaiYear(date)) };
        }
        remaining -= left;
        cursor = shanghaiInstant(nextWorkday(shanghaiDate(cursor)), OFFICE_HOURS.start);
      }
    },

    workingDaysBetween: (a, b) => officeMsBetween(a, b) / OFFICE_DAY_MS,

    covers: (year) => source.coversYear(year),

    knownYears() {
      if (known !== undefined) return known;
      let first: number | undefined;
      let last: number | undefined;
      for (let y = PROBE_YEARS.from; y <= PROBE_YEARS.to; y++) {
        if (source.coversYear(y)) {
          first ??= y;
          last = y;
        } else if (first !== undefined) break;
      }
      known = first !== undefined && last !== undefined ? { from: first, to: last } : null;
      return known;
    },
  };
}

/** Office hours in one working day, for turning fractional working days into hours. */
export const HOURS_PER_WORKING_DAY = OFFICE_HOURS.end - OFFICE_HOURS.start;
