import type {AutoSource, FieldDef} from '../law/document-fields.js'
import {textProblem} from '../platform/clean-text.js'
import {isRealDate} from '../platform/local-time.js'
import type {CaseRecord} from '../workspace/records.js'
import type {WorkspaceConfig} from '../workspace/config.js'

/**
 * Field values: what the user gave (data file, --set), else what the case knows, else the field's
 * default; then checked by kind. Every problem is collected, so one error lists them all.
 */

export type FieldValue = string | number | Array<Record<string, string | number>>

export interface ResolvedFields {
  /** Validated, normalised values by key (dates `YYYY-MM-DD`, money as a number, lists as rows). */
  values: Record<string, FieldValue>
  /** Required fields nobody supplied. */
  missing: FieldDef[]
  /** Values present but wrong, in Chinese. */
  problems: string[]
  /** The keys of the fields whose given value is wrong (one of the problems), to be asked again. */
  invalid: string[]
}

export interface AutoContext {
  caseRecord: CaseRecord
  config: WorkspaceConfig
  docDate: string
}

/** 行政复议法 第二十四条: a 县级以上地方人民政府工作部门's review body is the 本级人民政府; the court is that of the same place. */
const remedyPlace = (unit: string): string | undefined => (/^(.*[省市区县旗])(?=卫生|卫健)/.exec(unit) ?? /^(.*[省市区县旗])/.exec(unit))?.[1]

const configString = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined)

export const autoValue = (source: AutoSource, field: FieldDef, context: AutoContext): FieldValue | undefined => {
  const party = context.caseRecord.parties[0]
  switch (source) {
    case 'party.name':
      return party?.name
    case 'party.address':
      return party?.address ?? undefined
    case 'party.idNumber':
      return party?.idNumber ?? undefined
    case 'party.type':
      return party?.type ?? undefined
    case 'case.title':
      return context.caseRecord.title
    case 'case.id':
      return context.caseRecord.id
    case 'case.officers': {
      const officers = context.caseRecord.officers
      if (officers.length === 0) return undefined
      return field.kind === 'signatures' || field.kind === 'list'
        ? officers.map((officer) => ({certNo: officer.certNo, name: officer.name}))
        : officers.map((officer) => officer.name).join('、')
    }

    case 'document.date':
      return context.docDate
    case 'config.unit':
      return context.config.unit
    case 'config.reviewBody': {
      const place = remedyPlace(context.config.unit)
      return configString(context.config.reviewBody) ?? (place ? `${place}人民政府` : undefined)
    }

    case 'config.court': {
      const place = remedyPlace(context.config.unit)
      return configString(context.config.court) ?? (place ? `${place}人民法院` : undefined)
    }

    case 'policy.statementPeriodDays':
      return context.config.policy.statementPeriodDays
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:[+-]\d{2}:?\d{2}|Z)?$/

const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0)

/** YAML and JSON give dates as strings; a YAML timestamp may still arrive as a Date. */
const asText = (value: unknown): string => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).trim())

const YES = new Set(['是', 'true', 'yes', 'y', '1'])
const NO = new Set(['否', 'false', 'no', 'n', '0'])

const checkScalar = (field: FieldDef, value: unknown, where: string): {value?: string | number; problem?: string} => {
  const text = asText(value)
  const label = `${where}${field.label}（${field.key}）`
  switch (field.kind) {
    case 'date': {
      const match = DATE.exec(text)
      if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
        return {problem: `${label}「${text}」不是有效日期，应为真实存在的 YYYY-MM-DD`}
      }

      return {value: text}
    }

    case 'datetime': {
      const match = DATE.exec(text) ?? DATE_TIME.exec(text)
      const valid =
        match &&
        isRealDate(Number(match[1]), Number(match[2]), Number(match[3])) &&
        Number(match[4] ?? 0) <= 23 &&
        Number(match[5] ?? 0) <= 59 &&
        Number(match[6] ?? 0) <= 59
      if (!valid) return {problem: `${label}「${text}」不是有效的日期或时间，应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:mm`}
      return {value: text}
    }

    case 'money': {
      const normalized = text.replace(/[,，]/g, '').replace(/元$/, '')
      const amount = Number(normalized)
      if (!/^-?\d+(\.\d{1,2})?$/.test(normalized) || !Number.isFinite(amount)) {
        return {problem: `${label}「${text}」不是金额，应为不超过两位小数的数字（单位：元）`}
      }

      if (amount < 0) return {problem: `${label}「${text}」不能为负数`}
      return {value: amount}
    }

    case 'choice': {
      const chosen = field.aliases?.[text] ?? text
      if (!field.choices?.includes(chosen)) return {problem: `${label}「${text}」应为 ${field.choices?.join('、')} 之一`}
      return {value: chosen}
    }

    case 'flag': {
      if (YES.has(text.toLowerCase())) return {value: '是'}
      if (NO.has(text.toLowerCase())) return {value: '否'}
      return {problem: `${label}「${text}」应为 是 或 否`}
    }

    case 'number': {
      const amount = Number(text)
      if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(amount)) return {problem: `${label}「${text}」应为非负数字`}
      return {value: amount}
    }

    default: {
      if (typeof value === 'object' && !(value instanceof Date)) return {problem: `${label}应为文字，收到的是列表或对象`}
      return {value: text}
    }
  }
}

const checkRows = (field: FieldDef, value: unknown, problems: string[]): Array<Record<string, string | number>> | undefined => {
  let rows = value
  if (typeof rows === 'string') {
    try {
      rows = JSON.parse(rows)
    } catch {
      problems.push(`${field.label}（${field.key}）应为 JSON 数组，例如 [{"${field.columns?.[0]?.key ?? 'name'}": "…"}]`)
      return undefined
    }
  }

  if (!Array.isArray(rows)) {
    problems.push(`${field.label}（${field.key}）应为列表（每行一个对象）`)
    return undefined
  }

  const columns = field.columns ?? []
  const result: Array<Record<string, string | number>> = []
  for (const [index, row] of rows.entries()) {
    const where = `${field.label}第 ${index + 1} 行的`
    if (!row || typeof row !== 'object' || Array.isArray(row)) {
      problems.push(`${where}内容应为对象（字段：${columns.map((column) => column.key).join('、')}）`)
      continue
    }

    const cells: Record<string, string | number> = {}
    const given = row as Record<string, unknown>
    for (const key of Object.keys(given)) {
      if (!columns.some((column) => column.key === key)) problems.push(`${where}「${key}」不是该列表的字段（可用：${columns.map((column) => column.key).join('、')}）`)
    }

    for (const column of columns) {
      const cellValue = given[column.key]
      if (isEmpty(cellValue)) {
        if (column.required) problems.push(`${where}${column.label}（${column.key}）未填写`)
        continue
      }

      const checked = checkScalar(column, cellValue, where)
      if (checked.problem) problems.push(checked.problem)
      else if (checked.value !== undefined) cells[column.key] = checked.value
    }

    result.push(cells)
  }

  return result
}

/** Merges user input over case data over defaults and validates every field of the type. */
/** Every string inside a value (a list field holds rows of objects). */
const stringsIn = (value: unknown): string[] => {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap((item) => stringsIn(item))
  if (value && typeof value === 'object') return Object.values(value).flatMap((item) => stringsIn(item))
  return []
}

export const resolveFields = (fields: readonly FieldDef[], input: Record<string, unknown>, context: AutoContext): ResolvedFields => {
  const values: Record<string, FieldValue> = {}
  const missing: FieldDef[] = []
  const problems: string[] = []
  const invalid: string[] = []
  const known = new Set(fields.map((field) => field.key))
  for (const key of Object.keys(input)) {
    if (!known.has(key)) problems.push(`「${key}」不是该文书的字段（可用字段见 zfjl catalog --json 或 zfjl template list）`)
  }

  for (const field of fields) {
    let value: unknown = input[field.key]
    if (isEmpty(value) && field.auto) value = autoValue(field.auto, field, context)
    if (isEmpty(value) && field.defaultValue !== undefined) value = field.defaultValue
    if (isEmpty(value)) {
      if (field.required) missing.push(field)
      continue
    }

    const unclean = stringsIn(value)
      .map((text) => textProblem(text, `${field.label}（${field.key}）`, 'documentField'))
      .find((problem) => problem !== null)
    if (unclean) {
      problems.push(unclean)
      invalid.push(field.key)
      continue
    }

    if (field.kind === 'list' || field.kind === 'signatures') {
      const before = problems.length
      const rows = checkRows(field, value, problems)
      if (problems.length > before) invalid.push(field.key)
      if (rows) {
        if (rows.length === 0 && field.required) missing.push(field)
        else values[field.key] = rows
      }

      continue
    }

    const checked = checkScalar(field, value, '')
    if (checked.problem) {
      problems.push(checked.problem)
      invalid.push(field.key)
    } else if (checked.value !== undefined) {
      values[field.key] = checked.value
    }
  }

  return {invalid, missing, problems, values}
}

/** Dates as printed: 2026年3月2日, 2026年3月2日9时30分. */
export const printedDate = (value: string): string => {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value)
  if (!match) return value
  const day = `${Number(match[1])}年${Number(match[2])}月${Number(match[3])}日`
  return match[4] === undefined ? day : `${day}${Number(match[4])}时${match[5]}分`
}

/** Amounts as printed in 元: whole amounts without decimals, otherwise two places. */
export const printedMoney = (amount: number): string => (Number.isInteger(amount) ? String(amount) : amount.toFixed(2))

const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** Counts in words as the fixed text prints them: 3 → 三, 15 → 十五, 60 → 六十; other numbers stay numerals. */
export const chineseCount = (value: number): string => {
  if (!Number.isInteger(value) || value < 0 || value > 99) return String(value)
  if (value < 10) return DIGITS[value]
  const tens = Math.floor(value / 10)
  return `${tens === 1 ? '' : DIGITS[tens]}十${value % 10 === 0 ? '' : DIGITS[value % 10]}`
}

const printedScalar = (field: FieldDef, value: string | number): string | boolean => {
  if (field.kind === 'date' || field.kind === 'datetime') return printedDate(String(value))
  if (field.kind === 'money') return printedMoney(Number(value))
  if (field.kind === 'number' && field.chineseNumerals) return chineseCount(Number(value))
  // A yes/no is a condition in the template: 「否」 leaves its section out.
  if (field.kind === 'flag') return value === '是'
  return String(value)
}

/** Text the template follows with its own 。；， loses the user's closing mark, so no 「。。」 is printed. */
const stripStop = (value: string | boolean, followedByStop: boolean): string | boolean =>
  followedByStop && typeof value === 'string' ? value.replace(/[。．.；;，,、\s]+$/u, '') : value

/**
 * The values as the template prints them; absent optional fields print empty, lists get a row number.
 * `stopAfter`: keys whose tag the template follows with a punctuation mark of its own.
 */
export const printedValues = (fields: readonly FieldDef[], values: Record<string, FieldValue>, stopAfter: ReadonlySet<string> = new Set()): Record<string, unknown> => {
  const printed: Record<string, unknown> = {}
  for (const field of fields) {
    const value = values[field.key]
    if (field.kind === 'list' || field.kind === 'signatures') {
      const rows = (value as Array<Record<string, string | number>> | undefined) ?? []
      printed[field.key] = rows.map((row, index) => {
        const cells: Record<string, string> = {seq: String(index + 1)}
        for (const column of field.columns ?? []) cells[column.key] = row[column.key] === undefined ? '' : String(printedScalar(column, row[column.key]))
        return cells
      })
    } else {
      printed[field.key] = value === undefined ? '' : stripStop(printedScalar(field, value as string | number), stopAfter.has(field.key))
    }
  }

  return printed
}

/** For a value typed at a prompt: true, or what is wrong with it. */
export const validateTypedValue = (field: FieldDef, text: string): string | true => {
  if (!text.trim()) return '不能为空'
  return checkScalar(field, text, '').problem ?? true
}
