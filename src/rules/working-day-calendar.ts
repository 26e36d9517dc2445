import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'

import {usageError} from '../platform/errors.js'
import {addDays, addMonthsClamped, isWeekend, yearOf} from '../platform/civil-date.js'
import {STATUTORY_HOLIDAY_SOURCE, statutoryHolidays} from '../law/statutory-holidays.js'

/** Where a day's status came from, strongest first. */
export type DaySource = 'workspace' | 'state-council' | 'statutory'

export interface DayStatus {
  date: string
  workday: boolean
  /** 工作日 / 周末 / the holiday's name / 调休上班（…） */
  reason: string
  /** True when the year has no official arrangement and the fixed statutory holidays were applied (暂定). */
  provisional: boolean
  source: DaySource
}

export interface DueDate {
  due: string
  provisional: boolean
}

export interface CountOptions {
  /** Days that do not count (a paused clock); they are stepped over. */
  excluded?: (date: string) => boolean
}

export interface CalendarDayOptions extends CountOptions {
  /** Move a deadline that lands on a non-working day to the next working day (民法典 第二百零三条). */
  roll?: boolean
}

/** `<workspace>/calendar/<year>.json`: one year's official arrangement (see docs in parseCalendarFile). */
export interface WorkspaceCalendarFile {
  year: number
  source?: string
  holidays: Array<{name: string; date?: string; from?: string; to?: string}>
  workdays: Array<{date: string; name?: string}>
}

interface StateCouncilData {
  holidays: Record<string, string>
  workdays: Record<string, string>
}

let stateCouncilArrangements: (StateCouncilData & {years: ReadonlySet<number>}) | undefined
/**
 * chinese-days ships the State Council notices as one JSON file (its ESM entry has no named exports),
 * read on the first day looked up, so commands that count no working days do not parse it.
 */
const stateCouncil = () => {
  if (!stateCouncilArrangements) {
    const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as StateCouncilData
    stateCouncilArrangements = {...data, years: new Set(Object.keys(data.holidays).map((date) => yearOf(date)))}
  }

  return stateCouncilArrangements
}

/** "National Day,国庆节,3" → "国庆节" */
const chineseName = (entry: string): string => entry.split(',')[1] ?? entry

/** Keeps runaway counts (a typo like 99999wd) from looping for minutes. */
const MAX_SPAN_DAYS = 366 * 20

/**
 * Working days as the law counts them: the State Council's yearly arrangement (chinese-days data),
 * a workspace's own files for years the data lacks or gets wrong, and — for any other year — the
 * fixed holidays of 《全国年节及纪念日放假办法》 with every result marked provisional. Never plain
 * Monday–Friday: a year without an arrangement is not a year without holidays.
 */
export class WorkingDayCalendar {
  private readonly workspaceDays = new Map<string, {workday: boolean; reason: string}>()
  private readonly workspaceYears = new Set<number>()
  private readonly statutoryCache = new Map<number, Map<string, string>>()
  private readonly dayCache = new Map<string, DayStatus>()
  private readonly dueCache = new Map<string, DueDate>()

  constructor(files: WorkspaceCalendarFile[] = []) {
    for (const file of files) {
      this.workspaceYears.add(file.year)
      for (const holiday of file.holidays) {
        const from = holiday.date ?? holiday.from ?? ''
        const to = holiday.date ?? holiday.to ?? from
        for (let date = from; date <= to; date = addDays(date, 1)) this.workspaceDays.set(date, {reason: holiday.name, workday: false})
      }

      for (const workday of file.workdays) {
        this.workspaceDays.set(workday.date, {reason: workday.name ? `调休上班（${workday.name}）` : '调休上班', workday: true})
      }
    }
  }

  /** Reads every `<calendarDir>/<year>.json`; a malformed file is a usage error naming the file. */
  static fromDirectory(calendarDir: string): WorkingDayCalendar {
    if (!existsSync(calendarDir)) return new WorkingDayCalendar()
    const files = readdirSync(calendarDir)
      .filter((name) => name.toLowerCase().endsWith('.json'))
      .sort()
      .map((name) => parseCalendarFile(join(calendarDir, name), name))
    return new WorkingDayCalendar(files)
  }

  /** Years with an official arrangement, by source. */
  coverage(): {stateCouncil: number[]; workspace: number[]} {
    return {stateCouncil: [...stateCouncil().years].sort(), workspace: [...this.workspaceYears].sort()}
  }

  isWorkday(date: string): DayStatus {
    let status = this.dayCache.get(date)
    if (!status) {
      status = this.lookUp(date)
      this.dayCache.set(date, status)
    }

    return status
  }

  private lookUp(date: string): DayStatus {
    const year = yearOf(date)
    const own = this.workspaceDays.get(date)
    if (own) return {date, provisional: false, source: 'workspace', ...own}
    if (this.workspaceYears.has(year)) return ordinaryDay(date, 'workspace', false)
    const arrangements = stateCouncil()
    if (arrangements.years.has(year)) {
      const holiday = arrangements.holidays[date]
      if (holiday) return {date, provisional: false, reason: chineseName(holiday), source: 'state-council', workday: false}
      const workday = arrangements.workdays[date]
      if (workday) return {date, provisional: false, reason: `调休上班（${chineseName(workday)}）`, source: 'state-council', workday: true}
      return ordinaryDay(date, 'state-council', false)
    }

    const holiday = this.statutoryDays(year).get(date)
    if (holiday) return {date, provisional: true, reason: `${holiday}（暂定）`, source: 'statutory', workday: false}
    return ordinaryDay(date, 'statutory', true)
  }

  /** The n-th working day after `from` (`from` itself not counted). */
  addWorkdays(from: string, n: number, options: CountOptions = {}): DueDate {
    return this.memo(`wd|${from}|${n}`, options, () => this.countWorkdays(from, n, 1, options))
  }

  /** The n-th working day before `from`, counted backwards (`from` itself not counted). */
  subtractWorkdays(from: string, n: number, options: CountOptions = {}): DueDate {
    return this.memo(`-wd|${from}|${n}`, options, () => this.countWorkdays(from, n, -1, options))
  }

  /** `from` + n calendar days, rolled to the next working day unless `roll: false`. */
  addCalendarDays(from: string, n: number, options: CalendarDayOptions = {}): DueDate {
    return this.memo(`cd|${from}|${n}|${options.roll !== false}`, options, () => this.countCalendarDays(from, n, options))
  }

  private countCalendarDays(from: string, n: number, options: CalendarDayOptions): DueDate {
    assertCount(n)
    let date = from
    for (let counted = 0; counted < n; ) {
      date = addDays(date, 1)
      if (!options.excluded?.(date)) counted++
      assertSpan(from, date)
    }

    return options.roll === false ? {due: date, provisional: false} : this.rollForward(date)
  }

  /** The same-numbered day n months later (else that month's last day), rolled unless `roll: false`. */
  addMonths(from: string, n: number, options: {roll?: boolean} = {}): DueDate {
    assertCount(n)
    const date = addMonthsClamped(from, n)
    return options.roll === false ? {due: date, provisional: false} : this.rollForward(date)
  }

  /** `date` if it is a working day, else the first working day after it. */
  rollForward(date: string): DueDate {
    let provisional = false
    let current = date
    for (;;) {
      const status = this.isWorkday(current)
      provisional ||= status.provisional
      if (status.workday) return {due: current, provisional}
      current = addDays(current, 1)
      assertSpan(date, current)
    }
  }

  /** Counts without excluded (paused) days depend only on their arguments: the same dates recur across cases. */
  private memo(key: string, options: CountOptions, count: () => DueDate): DueDate {
    if (options.excluded) return count()
    let due = this.dueCache.get(key)
    if (!due) {
      due = count()
      this.dueCache.set(key, due)
    }

    return due
  }

  private countWorkdays(from: string, n: number, step: 1 | -1, options: CountOptions): DueDate {
    assertCount(n)
    let provisional = false
    let date = from
    for (let counted = 0; counted < n; ) {
      date = addDays(date, step)
      assertSpan(from, date)
      if (options.excluded?.(date)) continue
      const status = this.isWorkday(date)
      provisional ||= status.provisional
      if (status.workday) counted++
    }

    return {due: date, provisional}
  }

  private statutoryDays(year: number): Map<string, string> {
    let days = this.statutoryCache.get(year)
    if (!days) {
      days = new Map(statutoryHolidays(year).map((holiday) => [holiday.date, holiday.name]))
      this.statutoryCache.set(year, days)
    }

    return days
  }
}

export const PROVISIONAL_NOTE = `暂定：该年度尚无国务院放假安排数据，按${STATUTORY_HOLIDAY_SOURCE}的法定节日推算，调休安排公布后可能变化`

const ordinaryDay = (date: string, source: DaySource, provisional: boolean): DayStatus =>
  isWeekend(date)
    ? {date, provisional, reason: '周末', source, workday: false}
    : {date, provisional, reason: '工作日', source, workday: true}

const assertCount = (n: number): void => {
  if (!Number.isInteger(n) || n < 0) throw usageError('DAY_COUNT_INVALID', `天数应为非负整数，收到 ${n}`)
}

const assertSpan = (from: string, date: string): void => {
  if (Math.abs(yearOf(date) - yearOf(from)) > MAX_SPAN_DAYS / 366) {
    throw usageError('DAY_COUNT_INVALID', `从 ${from} 起算的期限超过 20 年，请检查天数`)
  }
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/

const isRealDateString = (value: unknown): value is string => {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) return false
  const parsed = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value)
}

/**
 * Validates one workspace calendar file. Format (documented in README / `zfjl calendar --help`):
 * `{"year": 2027, "source": "国办发明电〔2026〕…号", "holidays": [{"name": "春节", "from": "2027-02-05",
 * "to": "2027-02-11"}, {"name": "清明节", "date": "2027-04-05"}], "workdays": [{"date": "2027-02-20",
 * "name": "春节"}]}`. The file replaces the whole year: days it does not list follow Monday–Friday.
 * Dates may lie in the adjacent years (a 调休 day on 12-29 announced with next year's 元旦).
 */
export const parseCalendarFile = (path: string, name: string): WorkspaceCalendarFile => {
  const fail = (problem: string) =>
    usageError('CALENDAR_FILE_INVALID', `工作区日历文件 ${path} 格式错误：${problem}`, {file: path})
  const nameMatch = /^(\d{4})\.json$/i.exec(name)
  if (!nameMatch) throw fail('文件名应为「年份.json」，例如 2027.json')
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw fail(`不是有效的 JSON（${(error as Error).message}）`)
  }

  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail('顶层应为对象 {year, holidays, workdays}')
  const data = parsed as Record<string, unknown>
  const year = Number(nameMatch[1])
  if (data.year !== year) throw fail(`year 应为 ${year}（与文件名一致），收到 ${JSON.stringify(data.year)}`)
  if (data.source !== undefined && typeof data.source !== 'string') throw fail('source 应为字符串（放假通知的文号或名称）')
  if (!Array.isArray(data.holidays)) throw fail('holidays 应为数组')
  if (!Array.isArray(data.workdays ?? [])) throw fail('workdays 应为数组')
  const nearYear = (date: string) => Math.abs(yearOf(date) - year) <= 1

  const holidays = data.holidays.map((entry: unknown, index: number) => {
    const item = (entry ?? {}) as Record<string, unknown>
    const where = `holidays[${index}]`
    if (typeof item.name !== 'string' || !item.name.trim()) throw fail(`${where}.name 应为节日名称`)
    if (item.date !== undefined) {
      if (!isRealDateString(item.date) || !nearYear(item.date)) throw fail(`${where}.date「${String(item.date)}」不是 ${year} 年前后的有效日期`)
      return {date: item.date, name: item.name.trim()}
    }

    if (!isRealDateString(item.from) || !isRealDateString(item.to) || !nearYear(item.from) || !nearYear(item.to)) {
      throw fail(`${where} 应有 date，或有效的 from 和 to（YYYY-MM-DD）`)
    }

    if (item.from > item.to || addDays(item.from, 31) < item.to) throw fail(`${where} 的 from 应不晚于 to，且跨度不超过 31 天`)
    return {from: item.from, name: item.name.trim(), to: item.to}
  })

  const holidayDates = new Set<string>()
  for (const holiday of holidays) {
    for (let date = holiday.date ?? holiday.from ?? ''; date <= (holiday.date ?? holiday.to ?? ''); date = addDays(date, 1)) holidayDates.add(date)
  }

  const workdays = ((data.workdays ?? []) as unknown[]).map((entry, index) => {
    const item = (entry ?? {}) as Record<string, unknown>
    const where = `workdays[${index}]`
    if (!isRealDateString(item.date) || !nearYear(item.date)) throw fail(`${where}.date「${String(item.date)}」不是 ${year} 年前后的有效日期`)
    if (item.name !== undefined && typeof item.name !== 'string') throw fail(`${where}.name 应为字符串`)
    if (holidayDates.has(item.date)) throw fail(`${where}.date ${item.date} 同时列在 holidays 中`)
    return {date: item.date, name: item.name as string | undefined}
  })

  return {holidays, source: data.source as string | undefined, workdays, year}
}
