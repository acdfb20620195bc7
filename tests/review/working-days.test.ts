import { describe, expect, it } from 'vitest';
import { chineseDaysSource, chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import { createWorkingDayCalendar, type DaySource } from '../../src/review/working-days.ts';

const cal = chineseWorkingDayCalendar();
/** A Shanghai wall-clock time as an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('working-day calendar (chinese-days)', () => {
  it('knows 2026 holidays and make-up workdays', () => {
    expect(cal.isWorkday(sh('2026-10-01T10:00'))).toBe(false); // National Day
    expect(cal.isWorkday(sh('2026-10-10T10:00'))).toBe(true); // Saturday make-up workday
    expect(cal.isWorkday(sh('2026-09-20T10:00'))).toBe(true); // Sunday make-up workday
    expect(cal.isWorkday(sh('2026-11-28T10:00'))).toBe(false); // plain Saturday
    expect(cal.isWorkday(sh('2026-11-30T10:00'))).toBe(true); // plain Monday
  });

  it('takes the Shanghai date, not the UTC date', () => {
    // 2026-10-08 01:00 in Shanghai is still 2026-10-07 in UTC (a holiday).
    expect(cal.isWorkday(new Date('2026-10-07T17:00:00Z'))).toBe(true);
    // 2026-10-01 07:00 in Shanghai is 2026-09-30 in UTC (a workday).
    expect(cal.isWorkday(new Date('2026-09-30T23:00:00Z'))).toBe(false);
  });

  it('counts 3 working days from 2026-09-29 to 2026-10-09 across National Day, like findWorkday', () => {
    const result = cal.addWorkingDays(sh('2026-09-29T18:00'), 3);
    expect(result.date.toISOString()).toBe(sh('2026-10-09T18:00').toISOString());
    expect(result.estimate).toBe(false);
  });

  it('skips weekends and starts the clock at the next office opening', () => {
    // Friday 17:00 + 1 working day: 1 h on Friday, 8 h on Monday → Monday 17:00.
    expect(cal.addWorkingDays(sh('2026-11-27T17:00'), 1).date).toEqual(sh('2026-11-30T17:00'));
    // Submitted on Saturday night: the clock starts Monday 09:00.
    expect(cal.addWorkingDays(sh('2026-11-28T23:00'), 2).date).toEqual(sh('2026-12-01T18:00'));
    // Before opening on a workday: from 09:00 the same day.
    expect(cal.addWorkingDays(sh('2026-11-30T07:30'), 1).date).toEqual(sh('2026-11-30T18:00'));
  });

  it('counts a make-up Saturday as a working day', () => {
    // Friday 2026-10-09 10:00 + 1 working day ends on Saturday 10-10 (调休) at 10:00.
    expect(cal.addWorkingDays(sh('2026-10-09T10:00'), 1).date).toEqual(sh('2026-10-10T10:00'));
  });

  it('adds half days as 4.5 office hours', () => {
    // Monday 10:00 + 1.5: 8 h Monday, 5.5 h Tuesday → Tuesday 14:30.
    expect(cal.addWorkingDays(sh('2026-11-30T10:00'), 1.5).date).toEqual(sh('2026-12-01T14:30'));
    expect(cal.addWorkingDays(sh('2026-11-30T09:00'), 0.5).date).toEqual(sh('2026-11-30T13:30'));
    expect(cal.workingDaysBetween(sh('2026-11-30T10:00'), sh('2026-12-01T14:30'))).toBe(1.5);
  });

  it('measures office time between instants, negative backwards, zero over a holiday', () => {
    expect(cal.workingDaysBetween(sh('2026-09-30T18:00'), sh('2026-10-08T09:00'))).toBe(0);
    expect(cal.workingDaysBetween(sh('2026-11-27T09:00'), sh('2026-11-30T18:00'))).toBe(2);
    expect(cal.workingDaysBetween(sh('2026-11-30T18:00'), sh('2026-11-27T09:00'))).toBe(-2);
  });

  it('flags a count that crosses into 2027, whose holidays chinese-days 1.5.7 does not have', () => {
    expect(cal.covers(2026)).toBe(true);
    expect(cal.covers(2027)).toBe(false);
    expect(cal.knownYears()).toEqual({ from: 2004, to: 2026 });
    const inside = cal.addWorkingDays(sh('2026-12-01T10:00'), 5);
    expect(inside.estimate).toBe(false);
    const crossing = cal.addWorkingDays(sh('2026-12-24T10:00'), 10);
    expect(crossing.date.getTime()).toBeGreaterThan(sh('2027-01-01T00:00').getTime());
    expect(crossing.estimate).toBe(true);
  });

  it('detects coverage from the data, not from a hard-coded year', () => {
    const source = chineseDaysSource();
    expect(source.coversYear(2004)).toBe(true);
    expect(source.coversYear(2003)).toBe(false);
    expect(source.isWorkday('2027-02-10')).toBe(true); // silently Monday–Friday: why coverage is probed
  });

  it('works with any injected source', () => {
    const everyDay: DaySource = { isWorkday: () => true, coversYear: (y) => y === 2030 };
    const c = createWorkingDayCalendar(everyDay);
    // Saturday counts when the source says so.
    expect(c.addWorkingDays(sh('2030-01-05T09:00'), 2).date).toEqual(sh('2030-01-06T18:00'));
    expect(c.knownYears()).toEqual({ from: 2030, to: 2030 });
    expect(() => c.addWorkingDays(sh('2030-01-05T09:00'), -1)).toThrow();
  });
});
