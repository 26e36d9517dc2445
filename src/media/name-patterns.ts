import {usageError} from '../platform/errors.js'
import {formatLocal, isRealDate, offsetMinutes} from '../platform/local-time.js'

/**
 * Body-worn cameras (执法记录仪) name files after the device, the officer and the start time. Each
 * pattern is a regular expression with named groups `serial`, `officer` and `start` (any may be
 * missing); `start` is 14 digits `YYYYMMDDHHmmss`, separators between the parts allowed.
 * Units override the list with `mediaNamePatterns` in zfjl.json.
 */
export const DEFAULT_NAME_PATTERNS: readonly string[] = [
  // DSJ-A8_20260302093000_012345.MP4 — serial, start, officer number (the common GA/T 947 style)
  String.raw`^(?<serial>[A-Za-z0-9-]+)_(?<start>\d{14})_(?<officer>\d{3,20})(?:_\w+)?\.\w+$`,
  // 012345_20260302_093000_DSJ-A8.MP4 — officer number, start date and time, serial
  String.raw`^(?<officer>\d{3,20})_(?<start>\d{8}_\d{6})_(?<serial>[A-Za-z0-9-]+)\.\w+$`,
]

/** How far the time in a file name may be from the time recorded inside the file before it is flagged. */
export const NAME_TIME_TOLERANCE_SEC = 120

export interface NameInfo {
  serial: string | null
  officer: string | null
  /** Local time from the name, with the workspace offset, e.g. `2026-03-02T09:30:00+08:00`. */
  start: string | null
  pattern: string
}

export const compileNamePatterns = (sources: readonly string[]): RegExp[] =>
  sources.map((source) => {
    try {
      return new RegExp(source, 'u')
    } catch (error) {
      throw usageError('NAME_PATTERN_INVALID', `zfjl.json 中的 mediaNamePatterns「${source}」不是有效的正则表达式：${(error as Error).message}`)
    }
  })

/** `20260302093000` or `20260302_093000` → local ISO time; null when it is not a real moment. */
const parseNameTime = (digits: string, timezone: string): string | null => {
  const compact = digits.replaceAll(/\D/g, '')
  if (compact.length !== 14) return null
  const [year, month, day, hour, minute, second] = [0, 4, 6, 8, 10, 12].map((start, index) =>
    Number(compact.slice(start, index === 0 ? 4 : start + 2)),
  )
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes(timezone) * 60_000
  return formatLocal(new Date(utc), timezone)
}

/** The first pattern that matches the file name, or null. */
export const matchName = (fileName: string, patterns: readonly RegExp[], timezone: string): NameInfo | null => {
  for (const pattern of patterns) {
    const groups = pattern.exec(fileName)?.groups
    if (!groups) continue
    return {
      officer: groups.officer ?? null,
      pattern: pattern.source,
      serial: groups.serial ?? null,
      start: groups.start ? parseNameTime(groups.start, timezone) : null,
    }
  }

  return null
}
