import {usageError} from './errors.js'

/**
 * Text typed by a user ends up in the catalog, in printed 文书 and on other people's terminals. Control
 * characters (ESC, BEL, CR, OSC sequences …) would drive those terminals, and bidirectional overrides
 * (U+202A–202E, U+2066–2069, and the invisible direction marks) make a name read differently from what
 * it is. Both are refused where text is typed, and escaped wherever text from elsewhere (a file name
 * on disk) is shown.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u
const FORBIDDEN_GLOBAL = new RegExp(FORBIDDEN.source, 'gu')

/** The longest value each kind of text field takes, in characters. */
export const TEXT_LIMITS = {
  /** 案由, document titles. */
  title: 200,
  /** People, parties, recipients. */
  name: 100,
  /** Certificate and ID numbers. */
  identifier: 64,
  address: 300,
  /** 用途, reasons, opinions, notes. */
  reason: 1000,
  /** A 文书 field (facts, findings …), which may span lines. */
  documentField: 20_000,
  /** A file name, as stored. */
  fileName: 255,
} as const

export type TextKind = keyof typeof TEXT_LIMITS

const codePoint = (character: string): string => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`

/**
 * The problem with `value` as field `field`, or null when it is fine. Line breaks and tabs are allowed
 * only where the field may span lines (`documentField`, `reason`).
 */
export const textProblem = (value: string, field: string, kind: TextKind): string | null => {
  const multiline = kind === 'documentField' || kind === 'reason'
  const bad = multiline ? FORBIDDEN.exec(value.replaceAll('\r\n', '\n')) : /[\t\n]/.exec(value) ?? FORBIDDEN.exec(value)
  if (bad) return `${field} 含有不可见的控制字符或文字方向控制符（${codePoint(bad[0])}），请删除后重试`
  const length = [...value].length
  if (length > TEXT_LIMITS[kind]) return `${field} 过长（${length} 字，最多 ${TEXT_LIMITS[kind]} 字）`
  return null
}

/** Refuses `value` as field `field` with a usage error naming the field (exit 2). */
export const assertCleanText = (value: string | null | undefined, field: string, kind: TextKind): void => {
  if (value === null || value === undefined) return
  const problem = textProblem(value, field, kind)
  if (problem) throw usageError(problem.includes('过长') ? 'TEXT_TOO_LONG' : 'TEXT_INVALID', problem, {field})
}

/** For showing text that came from outside (a file name on disk): each forbidden character as a visible `\u{…}`. */
export const escapeControls = (value: string): string =>
  value.replace(FORBIDDEN_GLOBAL, (character) => `\\u{${character.codePointAt(0)!.toString(16)}}`)
