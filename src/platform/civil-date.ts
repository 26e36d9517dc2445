/**
 * Arithmetic on local calendar dates (`YYYY-MM-DD`). Deadlines count whole local days, so dates are
 * handled as day numbers, never as instants: no time zone or daylight-saving shift can move a day.
 * Conversions are memoised: a nightly `check --all` steps through the same few hundred dates for
 * every one of thousands of cases.
 */

const MS_PER_DAY = 86_400_000
const numberOfDate = new Map<string, number>()
const dateOfNumber = new Map<number, string>()

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export const dayNumber = (date: string): number => {
  let day = numberOfDate.get(date)
  if (day === undefined) {
    day = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY
    numberOfDate.set(date, day)
  }

  return day
}

export const dateOfDayNumber = (day: number): string => {
  let date = dateOfNumber.get(day)
  if (date === undefined) {
    date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
    dateOfNumber.set(day, date)
  }

  return date
}

export const addDays = (date: string, days: number): string => dateOfDayNumber(dayNumber(date) + days)

/** 0 = Sunday … 6 = Saturday (1970-01-01, day 0, was a Thursday). */
export const weekday = (date: string): number => (((dayNumber(date) + 4) % 7) + 7) % 7

export const isWeekend = (date: string): boolean => {
  const day = weekday(date)
  return day === 0 || day === 6
}

export const yearOf = (date: string): number => Number(date.slice(0, 4))

export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from)

/** The same-numbered day `months` later, or that month's last day when it has no such day. */
export const addMonthsClamped = (date: string, months: number): string => {
  const year = Number(date.slice(0, 4))
  const monthIndex = Number(date.slice(5, 7)) - 1 + months
  const targetYear = year + Math.floor(monthIndex / 12)
  const targetMonth = ((monthIndex % 12) + 12) % 12
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate()
  const day = Math.min(Number(date.slice(8, 10)), lastDay)
  return new Date(Date.UTC(targetYear, targetMonth, day)).toISOString().slice(0, 10)
}
