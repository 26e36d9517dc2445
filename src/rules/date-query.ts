import {existsSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'

import {usageError} from '../platform/errors.js'
import {parseDate} from '../platform/local-time.js'
import {CONFIG_FILE, locateWorkspace, workspacePaths} from '../workspace/workspace.js'
import {WorkingDayCalendar} from './working-day-calendar.js'

export interface DayAnswer {
  date: string
  workday: boolean
  reason: string
  provisional: boolean
}

export interface AddAnswer {
  from: string
  add: string
  due: string
  provisional: boolean
}

const WEEKDAY_NAMES = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六']

export const weekdayName = (date: string): string => WEEKDAY_NAMES[new Date(`${date}T00:00:00Z`).getUTCDay()]

/**
 * The calendar a command should use: the workspace's (with its own year files) when there is one,
 * else the built-in data — `zfjl calendar` is also a desk tool used outside any workspace. An explicit
 * --workspace or ZFJL_WORKSPACE that is not a workspace is still an error.
 */
export const calendarFor = (explicitWorkspace?: string, cwd = process.cwd()): WorkingDayCalendar => {
  let root: string | null = null
  if (explicitWorkspace ?? process.env.ZFJL_WORKSPACE) {
    root = locateWorkspace(explicitWorkspace, cwd)
  } else {
    for (let dir = resolve(cwd); ; dir = dirname(dir)) {
      if (existsSync(join(dir, CONFIG_FILE))) {
        root = dir
        break
      }

      if (dirname(dir) === dir) break
    }
  }

  return root ? WorkingDayCalendar.fromDirectory(workspacePaths(root).calendarDir) : new WorkingDayCalendar()
}

export const askDay = (calendar: WorkingDayCalendar, input: string): DayAnswer => {
  const {date, provisional, reason, workday} = calendar.isWorkday(parseDate(input))
  // Key order is the documented JSON shape.
  return {date, workday, reason, provisional}
}

/** `--add 5wd` / `--add 15cd`: working days, or calendar days rolled off a non-working day. */
export const askAdd = (calendar: WorkingDayCalendar, input: string, add: string): AddAnswer => {
  const from = parseDate(input)
  const match = /^\s*(\d{1,4})\s*(wd|cd)\s*$/i.exec(add)
  if (!match) throw usageError('ADD_INVALID', `--add 应为「天数+单位」，如 5wd（工作日）或 15cd（自然日），收到「${add}」`)
  const count = Number(match[1])
  const unit = match[2].toLowerCase()
  const {due, provisional} = unit === 'wd' ? calendar.addWorkdays(from, count) : calendar.addCalendarDays(from, count)
  return {from, add: `${count}${unit}`, due, provisional}
}
