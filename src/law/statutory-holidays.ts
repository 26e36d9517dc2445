import {createRequire} from 'node:module'

import {usageError} from '../platform/errors.js'
import {addDays, isWeekend} from '../platform/civil-date.js'

type LunarCalendar = Pick<typeof import('chinese-days'), 'getLunarDate' | 'getSolarDateFromLunar' | 'getSolarTermDate'>

let lunarCalendar: LunarCalendar | undefined
/**
 * chinese-days' lunar tables take tens of milliseconds to build when the module loads, and only a
 * year without a State Council arrangement needs them: loaded (as the CommonJS it is) on first use, so
 * `case list` and `check` on covered years start without them.
 */
const lunar = (): LunarCalendar => (lunarCalendar ??= createRequire(import.meta.url)('chinese-days') as LunarCalendar)

export interface HolidayDay {
  date: string
  name: string
}

/** The law the fallback applies, cited wherever a provisional result is explained. */
export const STATUTORY_HOLIDAY_SOURCE = '《全国年节及纪念日放假办法》（2024年11月10日修订）第二条、第六条'

/** Solar date of a lunar month/day in the lunar year that starts in `year`, checked by converting back. */
const solarOfLunar = (year: number, month: number, day: number): string => {
  const {getLunarDate, getSolarDateFromLunar} = lunar()
  const {date} = getSolarDateFromLunar(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`)
  const back = getLunarDate(date)
  if (back.lunarYear !== year || back.lunarMon !== month || back.lunarDay !== day || back.isLeap) {
    throw usageError('CALENDAR_YEAR_UNSUPPORTED', `无法为 ${year} 年推算农历节日（超出农历数据范围），请在工作区 calendar/${year}.json 中提供当年的放假安排`)
  }

  return date
}

/**
 * The holidays 第二条 grants to all citizens in `year`, before 第六条 compensation. Only the fixed
 * days: the State Council's 调休 arrangement for a year cannot be predicted, which is why every result
 * built on these is provisional.
 */
export const fixedStatutoryHolidays = (year: number): HolidayDay[] => {
  const springFestival = solarOfLunar(year, 1, 1)
  return [
    {date: `${year}-01-01`, name: '元旦'},
    {date: addDays(springFestival, -1), name: '春节（除夕）'},
    {date: springFestival, name: '春节'},
    {date: addDays(springFestival, 1), name: '春节'},
    {date: addDays(springFestival, 2), name: '春节'},
    {date: lunar().getSolarTermDate(year, 4, 'pure_brightness'), name: '清明节'},
    {date: `${year}-05-01`, name: '劳动节'},
    {date: `${year}-05-02`, name: '劳动节'},
    {date: solarOfLunar(year, 5, 5), name: '端午节'},
    {date: solarOfLunar(year, 8, 15), name: '中秋节'},
    {date: `${year}-10-01`, name: '国庆节'},
    {date: `${year}-10-02`, name: '国庆节'},
    {date: `${year}-10-03`, name: '国庆节'},
  ]
}

/**
 * The fixed holidays plus 第六条: a holiday day that falls on a Saturday or Sunday is made up on the
 * next working day. Two holidays on the same day (中秋 inside 国庆) are treated the same way, since
 * each is a day the 办法 grants. Compensation days may spill into the next year (除夕 never does).
 */
export const statutoryHolidays = (year: number): HolidayDay[] => {
  const days = new Map<string, string>()
  const owed: HolidayDay[] = []
  for (const holiday of fixedStatutoryHolidays(year)) {
    const already = days.get(holiday.date)
    if (already !== undefined || isWeekend(holiday.date)) owed.push(holiday)
    days.set(holiday.date, already === undefined ? holiday.name : `${already}、${holiday.name}`)
  }

  for (const holiday of owed) {
    let candidate = addDays(holiday.date, 1)
    while (isWeekend(candidate) || days.has(candidate)) candidate = addDays(candidate, 1)
    days.set(candidate, `${holiday.name.replace(/（除夕）$/, '')}补假`)
  }

  return [...days.entries()].map(([date, name]) => ({date, name})).sort((a, b) => (a.date < b.date ? -1 : 1))
}
