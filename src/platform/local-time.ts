import {usageError} from './errors.js'

/**
 * Dates in zfjl are local to the workspace (+08:00 unless configured): users type local dates, and
 * every deadline counts local calendar days. Values are kept as strings that carry their own offset.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/

export const isRealDate = (year: number, month: number, day: number): boolean => {
  if (month < 1 || month > 12 || day < 1) return false
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** Offsets in use on Earth run from -12:00 to +14:00; anything wider is a typing error. */
const MAX_OFFSET_MINUTES = 14 * 60

/**
 * The years a record of this work can fall in: nothing before 1990 (before today's administrative
 * penalty law) or after 2099 is typed on purpose, and such a date would break every deadline after it.
 */
export const YEAR_RANGE = {earliest: 1990, latest: 2099} as const

/** Offset like `+08:00` → minutes east of UTC. */
export const offsetMinutes = (offset: string): number => {
  if (offset === 'Z') return 0
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(offset)
  if (!match) throw usageError('TIMEZONE_INVALID', `时区偏移「${offset}」格式不正确，应为 +08:00 这样的形式`)
  const minutes = Number(match[2]) * 60 + Number(match[3])
  if (Number(match[3]) > 59 || minutes > MAX_OFFSET_MINUTES) {
    throw usageError('TIMEZONE_INVALID', `时区偏移「${offset}」超出 -14:00 至 +14:00 的范围`)
  }

  return match[1] === '-' ? -minutes : minutes
}

const assertYearInRange = (year: number, input: string, label: string): void => {
  if (year < YEAR_RANGE.earliest || year > YEAR_RANGE.latest) {
    throw usageError('DATE_OUT_OF_RANGE', `${label}「${input}」的年份不在 ${YEAR_RANGE.earliest}–${YEAR_RANGE.latest} 年之间，请检查是否输错`)
  }
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0')

/** Formats an instant as local time in `timezone`, e.g. `2026-03-02T09:30:00+08:00`. */
export const formatLocal = (instant: Date, timezone: string): string => {
  const shifted = new Date(instant.getTime() + offsetMinutes(timezone) * 60_000)
  const normalizedZone = timezone === 'Z' ? '+00:00' : timezone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')
  return (
    `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
    `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}${normalizedZone}`
  )
}

export const localDateOf = (at: string): string => at.slice(0, 10)

export const todayLocal = (timezone: string, now = new Date()): string => localDateOf(formatLocal(now, timezone))

/** `2026-03-02` → the local midnight; a date-time → that instant. */
export const toInstant = (at: string, timezone: string): Date => {
  const date = DATE.exec(at)
  if (date) {
    return new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])) - offsetMinutes(timezone) * 60_000)
  }

  const parsed = parseDateTime(at, timezone, 'at')
  return parsed.instant
}

const parseDateTime = (input: string, timezone: string, label: string): {instant: Date} => {
  const match = DATE_TIME.exec(input.trim())
  if (!match) {
    throw usageError('DATE_INVALID', `${label}「${input}」不是有效的日期或时间，应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:mm[:ss][+08:00]`)
  }

  const [, y, mo, d, h, mi, s, zone] = match
  if (!isRealDate(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) {
    throw usageError('DATE_INVALID', `${label}「${input}」不是真实存在的日期或时间`)
  }

  assertYearInRange(Number(y), input, label)

  const offset = offsetMinutes(zone ?? timezone)
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)) - offset * 60_000
  return {instant: new Date(utc)}
}

/**
 * The ways people write a date here, made `YYYY-MM-DD`: 2026/11/28, 2026.11.28, 2026年11月28日 (号),
 * with or without leading zeros. Anything else is returned unchanged for the strict check to refuse.
 */
export const normalizeDateText = (input: string): string =>
  input
    .trim()
    .replace(/^(\d{4})\s*(?:[/.]|年)\s*(\d{1,2})\s*(?:[/.]|月)\s*(\d{1,2})\s*(?:日|号)?(?=$|[T ])/, (_, year, month, day) => `${year}-${pad(Number(month))}-${pad(Number(day))}`)
    .replace(/^(\d{4})-(\d)-/, '$1-0$2-')
    .replace(/^(\d{4}-\d{2})-(\d)(?=$|[T ])/, '$1-0$2')

const RELATIVE_DAYS: Record<string, number> = {今天: 0, 今日: 0, 昨天: -1, 昨日: -1, 前天: -2, today: 0, yesterday: -1}

/** 今天、昨天、前天 as the workspace's local date; undefined for anything else. */
export const relativeDate = (input: string, timezone: string, now = new Date()): string | undefined => {
  const days = RELATIVE_DAYS[input.trim().toLowerCase()]
  if (days === undefined) return undefined
  const today = todayLocal(timezone, now)
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/** A date a person typed: 今天/昨天, or any form normalizeDateText knows, validated. */
export const parseUserDate = (input: string, timezone: string, label = '日期', now = new Date()): string =>
  relativeDate(input, timezone, now) ?? parseDate(input, label)

/** Validates a plain calendar date (`2026-02-30` is refused). */
export const parseDate = (rawInput: string, label = '日期'): string => {
  const input = normalizeDateText(rawInput)
  const match = DATE.exec(input.trim())
  if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw usageError('DATE_INVALID', `${label}「${input}」不是有效的日期，应为真实存在的 YYYY-MM-DD`)
  }

  assertYearInRange(Number(match[1]), input, label)
  return input.trim()
}

/**
 * A date or date-time typed by a user, normalised: a date stays `YYYY-MM-DD` (day precision); a
 * date-time becomes local time with the workspace offset. Anything else is a usage error.
 */
export const parseUserDateTime = (input: string, timezone: string, label = '时间', now = new Date()): string => {
  const relative = relativeDate(input, timezone, now)
  if (relative) return relative
  const trimmed = normalizeDateText(input)
  if (DATE.test(trimmed)) return parseDate(trimmed, label)
  return formatLocal(parseDateTime(trimmed, timezone, label).instant, timezone)
}

/** Refuses a moment after now: records describe what happened, not what will. */
export const assertNotFuture = (at: string, timezone: string, label = '时间', now = new Date()): void => {
  const isDateOnly = DATE.test(at)
  const future = isDateOnly ? at > todayLocal(timezone, now) : toInstant(at, timezone).getTime() > now.getTime()
  if (future) throw usageError('DATE_IN_FUTURE', `${label}「${at}」晚于当前时间，不能记录尚未发生的事`)
}

/**
 * Refuses a step dated before the one it must follow (the document, the review, the case's last
 * event). Both values are local to the workspace; a date-only value compares by its day.
 */
export const assertNotBefore = (at: string, earliest: string | null | undefined, label: string, what: string, code = 'DATE_BEFORE_PREDECESSOR'): void => {
  if (!earliest) return
  if (at.slice(0, earliest.length) < earliest.slice(0, at.length)) throw usageError(code, `${label}「${at}」早于${what}（${earliest}）`)
}
