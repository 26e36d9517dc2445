import {readFileSync} from 'node:fs'

import {writeFileAtomic} from '../platform/atomic-file.js'
import {defaultCategoryCodes} from '../law/documents.js'
import {usageError} from '../platform/errors.js'
import {textProblem} from '../platform/clean-text.js'
import type {PolicyConfig} from '../law/deadline-rules.js'

export type {PolicyConfig} from '../law/deadline-rules.js'

export interface OfficerConfig {
  name: string
  /** 执法证号 */
  certNo: string
  /** The operating-system account this person logs in with (identity `account`). */
  account?: string | null
}

/**
 * How zfjl knows who acts. `account`: the person bound to the OS account that runs the command (a
 * shared server, one account per person); `declared`: whoever --officer / ZFJL_OFFICER names (one
 * PC used by one person, or several people who trust each other at one keyboard).
 */
export type IdentityMode = 'account' | 'declared'
export const IDENTITY_MODES: readonly IdentityMode[] = ['account', 'declared']

/** The workspace administrator set up by `zfjl init`: may register people and change roles without being a head. */
export interface AdministratorConfig {
  /** The OS account that ran `zfjl init`. */
  account: string
  /** In `declared` mode the person named first at init; null when the account alone identifies the administrator. */
  name: string | null
}


/** China Standard Time: what a date typed outside any workspace means. */
export const DEFAULT_TIMEZONE = '+08:00'

export interface WorkspaceConfig {
  schema: 1
  /** 执法机构名称 */
  unit: string
  /** 机关代字, e.g. 珠卫 */
  code: string
  /** Offset applied to times given without one (photos, --at without offset). */
  timezone: string
  /** 类别字 per numbered 文书 type id. */
  categoryCodes: Record<string, string>
  officers: OfficerConfig[]
  defaultOfficer: string | null
  identity: IdentityMode
  administrator: AdministratorConfig | null
  policy: PolicyConfig
  /** Body-cam file-name regexes with named groups serial, officer, start (src/media/name-patterns.ts has the defaults). */
  mediaNamePatterns?: string[]
  /** People with roles beyond the officers (审核人、批准人、负责人、档案管理员); `zfjl people add` records more. */
  people?: PersonConfig[]
  /** 行政复议机关 printed on decisions; by default the 本级人民政府 derived from `unit` (行政复议法 第二十四条). */
  reviewBody?: string
  /** 人民法院 printed on decisions; by default the court of the unit's place. */
  court?: string
}

/** One entry of `people` in zfjl.json: `{"name": "王强", "roles": ["head"], "certNo": null}`. */
export interface PersonConfig {
  name: string
  roles: string[]
  certNo?: string | null
  account?: string | null
}

export const DEFAULT_POLICY: PolicyConfig = {
  correctionCheckWindowDays: 5,
  dueSoonDays: 3,
  measuresDayUnit: 'wd',
  statementPeriodDays: 3,
  summaryUploadDays: 1,
}

export interface NewConfigInput {
  unit: string
  code: string
  officers?: OfficerConfig[]
  people?: PersonConfig[]
  identity?: IdentityMode
  administrator?: AdministratorConfig | null
}

export const newConfig = (input: NewConfigInput): WorkspaceConfig => ({
  administrator: input.administrator ?? null,
  categoryCodes: defaultCategoryCodes(),
  code: input.code,
  defaultOfficer: input.officers?.[0]?.name ?? null,
  identity: input.identity ?? 'account',
  officers: input.officers ?? [],
  ...(input.people?.length ? {people: input.people} : {}),
  policy: {...DEFAULT_POLICY},
  schema: 1,
  timezone: DEFAULT_TIMEZONE,
  unit: input.unit,
})

export const readConfig = (path: string): WorkspaceConfig => {
  let parsed: Partial<WorkspaceConfig>
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<WorkspaceConfig>
  } catch (error) {
    throw usageError('CONFIG_INVALID', `工作区配置文件 ${path} 无法读取或不是有效的 JSON：${(error as Error).message}`)
  }

  if (!parsed.unit || !parsed.code) {
    throw usageError('CONFIG_INVALID', `工作区配置文件 ${path} 缺少 unit（执法机构名称）或 code（机关代字）`)
  }

  if (parsed.identity !== undefined && !IDENTITY_MODES.includes(parsed.identity)) {
    throw usageError('CONFIG_INVALID', `工作区配置文件 ${path} 的 identity 应为 ${IDENTITY_MODES.join(' 或 ')}，收到「${String(parsed.identity)}」`)
  }

  // Missing keys take defaults so that a hand-edited or older file keeps working. A file from before
  // identities has no accounts bound to anyone, so it keeps acting as declared until someone sets `account`.
  return {
    ...newConfig({code: parsed.code, identity: 'declared', unit: parsed.unit}),
    ...parsed,
    categoryCodes: {...defaultCategoryCodes(), ...parsed.categoryCodes},
    policy: {...DEFAULT_POLICY, ...parsed.policy},
  } as WorkspaceConfig
}

export const writeConfig = (path: string, config: WorkspaceConfig): void =>
  writeFileAtomic(path, `${JSON.stringify(config, null, 2)}\n`)

/** The longest 机关代字 (珠卫, 衡珠卫健): it begins every 文号, 珠卫罚〔2026〕1号. */
const UNIT_CODE_MAX = 8

/** What is wrong with a unit's name, or null. */
export const unitNameProblem = (unit: string): string | null =>
  unit.trim() ? textProblem(unit.trim(), '执法机构名称', 'name') : '执法机构名称不能为空'

/** What is wrong with a 机关代字, or null. */
export const unitCodeProblem = (code: string): string | null => {
  const text = code.trim()
  if (!text) return '机关代字不能为空'
  if (/[\s〔〕()（）[\]]/u.test(text)) return `机关代字「${text}」不能含空格或括号：它是文号的开头，如 ${text.replaceAll(/[\s〔〕()（）[\]]/gu, '')}罚〔2026〕1号`
  if ([...text].length > UNIT_CODE_MAX) return `机关代字「${text}」过长（${[...text].length} 字，最多 ${UNIT_CODE_MAX} 字）`
  return textProblem(text, '机关代字', 'identifier')
}

/** Refuses a unit name or 机关代字 that cannot stand in the configuration and on every 文号 (exit 2). */
export const assertUnit = (unit: string, code: string): void => {
  const problems = [unitNameProblem(unit), unitCodeProblem(code)].filter((problem): problem is string => problem !== null)
  if (problems.length > 0) throw usageError('UNIT_INVALID', problems.join('；'), {problems})
}

/** A person entered at `zfjl init`, before the workspace exists. */
export interface InitialPerson {
  name: string
  roles: string[]
  certNo?: string
  account?: string
}

/**
 * The people entered at init as zfjl.json keeps them: officers (with their 执法证号 and account) in
 * `officers`, every other role in `people`. The roster merges the two by name.
 */
export const rosterConfig = (entries: readonly InitialPerson[]): {officers: OfficerConfig[]; people: PersonConfig[]} => ({
  officers: entries
    .filter((entry) => entry.roles.includes('officer') && entry.certNo)
    .map((entry) => ({certNo: entry.certNo!, name: entry.name, ...(entry.account ? {account: entry.account} : {})})),
  people: entries.flatMap((entry) => {
    const officer = entry.roles.includes('officer')
    const roles = entry.roles.filter((role) => role !== 'officer')
    return roles.length === 0 ? [] : [{name: entry.name, roles, ...(entry.account && !officer ? {account: entry.account} : {})}]
  }),
})

/** `姓名:执法证号` as typed on the command line. */
export const parseOfficerSpec = (spec: string): OfficerConfig => {
  const match = /^\s*([^:：]+?)\s*[:：]\s*(\S+)\s*$/.exec(spec)
  if (!match) throw usageError('OFFICER_SPEC', `执法人员格式应为「姓名:执法证号」，收到「${spec}」`)
  return {certNo: match[2], name: match[1]}
}

/** `姓名` or `姓名:执法证号`: a case officer from the roster, the number only to double-check. */
export const parseCaseOfficerSpec = (spec: string): {name: string; certNo: string | null} => {
  if (/[:：]/.test(spec)) return parseOfficerSpec(spec)
  const name = spec.trim()
  if (!name) throw usageError('OFFICER_SPEC', '执法人员姓名不能为空')
  return {certNo: null, name}
}
