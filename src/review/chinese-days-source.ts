import chineseDays from 'chinese-days';
import type { DaySource } from './working-days.ts';
import { createWorkingDayCalendar, type WorkingDayCalendar } from './working-days.ts';

/**
 * chinese-days answers Monday–Friday for a year it has no schedule for (2027 in 1.5.7: 2027-02-10,
 * in the Spring Festival, comes back as a workday), so coverage is probed separately: a covered year
 * always has at least one listed holiday on a weekday (New Year's Day, Labour Day, National Day...).
 */
export function chineseDaysSource(): DaySource {
  const covered = new Map<number, boolean>();
  return {
    isWorkday: (date) => chineseDays.isWorkday(date),
    coversYear(year) {
      let known = covered.get(year);
      if (known === undefined) {
        known = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
        covered.set(year, known);
      }
      return known;
    },
  };
}

let shared: WorkingDayCalendar | undefined;

/** The production calendar: Chinese public holidays and make-up workdays from chinese-days. */
export function chineseWorkingDayCalendar(): WorkingDayCalendar {
  shared ??= createWorkingDayCalendar(chineseDaysSource());
  return shared;
}
