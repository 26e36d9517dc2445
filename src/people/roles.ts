import {assertCleanText} from '../platform/clean-text.js'
import {conflict, forbidden, notFound, usageError} from '../platform/errors.js'
import {formatLocal} from '../platform/local-time.js'
import type {Workspace} from '../workspace/workspace.js'

/** 第四十五条 (档案管理员), 第四十八条 (承办人、审核人、批准人), 第四十六条 (执法机构负责人). */
export type Role = 'officer' | 'reviewer' | 'approver' | 'head' | 'custodian'

export const ROLES: ReadonlyArray<{id: Role; name: string; article: string}> = [
  {article: '第四十八条（承办人）', id: 'officer', name: '执法人员'},
  {article: '第四十八条', id: 'reviewer', name: '审核人'},
  {article: '第四十八条', id: 'approver', name: '批准人'},
  {article: '第四十六条', id: 'head', name: '执法机构负责人'},
  {article: '第四十五条', id: 'custodian', name: '档案管理员'},
]

export const roleName = (role: Role): string => ROLES.find((entry) => entry.id === role)?.name ?? role

/** Accepts the id (`head`) or the Chinese name (`执法机构负责人`). */
export const parseRole = (input: string): Role => {
  const wanted = input.trim()
  const match = ROLES.find((entry) => entry.id === wanted || entry.name === wanted)
  if (!match) {
    throw usageError('ROLE_UNKNOWN', `未知的角色「${input}」，可用：${ROLES.map((entry) => `${entry.id}（${entry.name}）`).join('、')}`)
  }

  return match.id
}

export interface Person {
  name: string
  roles: Role[]
  /** 执法证号 (officers). */
  certNo: string | null
  active: boolean
  /** `config`: listed in zfjl.json (officers or people); `added`: only through `zfjl people add`. */
  source: 'config' | 'added'
  deactivated: {at: string; by: string; reason: string} | null
}

interface PersonChangeRow {
  id: number
  name: string
  change: 'add' | 'deactivate'
  roles: string
  cert_no: string | null
  reason: string | null
  at: string
  actor: string
}

export const normalizeName = (name: string): string => name.normalize('NFC').trim()

const ROLE_ORDER = new Map(ROLES.map((entry, index) => [entry.id, index]))
const sortRoles = (roles: Iterable<Role>): Role[] => [...new Set(roles)].sort((a, b) => ROLE_ORDER.get(a)! - ROLE_ORDER.get(b)!)

const configuredPeople = (ws: Workspace): Person[] => {
  const people = new Map<string, Person>()
  const upsert = (name: string, roles: Role[], certNo: string | null) => {
    const key = normalizeName(name)
    const existing = people.get(key)
    people.set(key, {
      active: true,
      certNo: existing?.certNo ?? certNo,
      deactivated: null,
      name: key,
      roles: sortRoles([...(existing?.roles ?? []), ...roles]),
      source: 'config',
    })
  }

  for (const officer of ws.config.officers) upsert(officer.name, ['officer'], officer.certNo)
  for (const entry of ws.config.people ?? []) upsert(entry.name, entry.roles.map((role) => parseRole(role)), entry.certNo ?? null)
  return [...people.values()]
}

/**
 * Everyone who holds a role: the configured officers (role `officer`) and `people` of zfjl.json,
 * then the recorded changes (`people add`, `people deactivate`) applied in order. Nobody is removed.
 */
export const listPeople = (ws: Workspace): Person[] => {
  const people = new Map(configuredPeople(ws).map((person) => [person.name, person]))
  const changes = ws.db.prepare('SELECT * FROM person_changes ORDER BY id').all() as PersonChangeRow[]
  for (const change of changes) {
    const existing = people.get(change.name)
    if (change.change === 'add') {
      people.set(change.name, {
        active: true,
        certNo: change.cert_no ?? existing?.certNo ?? null,
        deactivated: null,
        name: change.name,
        roles: sortRoles([...(existing?.roles ?? []), ...(JSON.parse(change.roles) as Role[])]),
        source: existing?.source ?? 'added',
      })
    } else if (existing) {
      people.set(change.name, {...existing, active: false, deactivated: {at: change.at, by: change.actor, reason: change.reason ?? ''}})
    }
  }

  return [...people.values()]
}

export const findPerson = (ws: Workspace, name: string): Person | undefined =>
  listPeople(ws).find((person) => person.name === normalizeName(name))

/** The person, who must exist, be active and hold `role`; else ROLE_REQUIRED (exit 5). */
export const requireRole = (ws: Workspace, name: string, role: Role): Person => {
  const wanted = normalizeName(name)
  const person = findPerson(ws, wanted)
  const roleLabel = `${roleName(role)}（${role}）`
  if (!person) {
    throw forbidden(
      'ROLE_REQUIRED',
      `${wanted} 不具有${roleLabel}角色：不在工作区人员名单中（用 zfjl people add ${wanted} --role ${role} 登记）`,
      {name: wanted, reason: 'unknown', role},
    )
  }

  if (!person.active) {
    throw forbidden('ROLE_REQUIRED', `${wanted} 不具有${roleLabel}角色：已于 ${person.deactivated?.at} 停用（${person.deactivated?.reason}）`, {
      name: wanted,
      reason: 'inactive',
      role,
    })
  }

  if (!person.roles.includes(role)) {
    throw forbidden(
      'ROLE_REQUIRED',
      `${wanted} 不具有${roleLabel}角色（现有角色：${person.roles.map((held) => roleName(held)).join('、') || '无'}）`,
      {name: wanted, reason: 'missing-role', role, roles: person.roles},
    )
  }

  return person
}

export interface AddPersonInput {
  name: string
  roles: Role[]
  certNo?: string
}

export interface AddPersonResult {
  person: Person
  /** Roles this call gave the person that they did not hold before. */
  addedRoles: Role[]
  created: boolean
}

/** Adds a person, or gives an existing one more roles; audited as `people.add`. */
export const addPerson = (ws: Workspace, input: AddPersonInput, now = new Date()): AddPersonResult => {
  const name = normalizeName(input.name)
  if (!name) throw usageError('PERSON_NAME_REQUIRED', '人员姓名不能为空')
  assertCleanText(name, '人员姓名', 'name')
  assertCleanText(input.certNo, '--cert（执法证号）', 'identifier')
  if (input.roles.length === 0) throw usageError('ROLE_REQUIRED_FLAG', '至少用 --role 指定一个角色')
  const certNo = input.certNo?.trim() || undefined
  return ws.transact((audit) => {
    const before = findPerson(ws, name)
    if (before && !before.active) {
      throw conflict('PERSON_DEACTIVATED', `${name} 已于 ${before.deactivated?.at} 停用，停用的人员不能再添加角色`)
    }

    const roles = sortRoles(input.roles)
    const wantsOfficer = roles.includes('officer') || before?.roles.includes('officer')
    if (wantsOfficer && !certNo && !before?.certNo) {
      throw usageError('CERT_REQUIRED', `执法人员必须登记执法证号：zfjl people add ${name} --role officer --cert <执法证号>`)
    }

    const addedRoles = roles.filter((role) => !before?.roles.includes(role))
    const certChanged = certNo !== undefined && certNo !== before?.certNo
    if (before && addedRoles.length === 0 && !certChanged) {
      throw conflict('PERSON_UNCHANGED', `${name} 已具有角色 ${roles.map((role) => roleName(role)).join('、')}，未做任何改动`)
    }

    const at = formatLocal(now, ws.config.timezone)
    ws.db
      .prepare("INSERT INTO person_changes (name, change, roles, cert_no, reason, at, actor) VALUES (?, 'add', ?, ?, NULL, ?, ?)")
      .run(name, JSON.stringify(addedRoles), certNo ?? null, at, ws.actor.name)
    audit({
      action: 'people.add',
      details: {addedRoles, certNo: certNo ?? null, created: !before, roles: sortRoles([...(before?.roles ?? []), ...roles])},
      subject: name,
    })
    return {addedRoles, created: !before, person: findPerson(ws, name)!}
  })
}

/** Marks a person inactive (never deleted); audited as `people.deactivate`. */
export const deactivatePerson = (ws: Workspace, input: {name: string; reason: string}, now = new Date()): Person => {
  const name = normalizeName(input.name)
  const reason = input.reason?.trim()
  if (!reason) throw usageError('REASON_REQUIRED', '停用人员必须用 --reason 写明理由')
  assertCleanText(reason, '--reason（停用理由）', 'reason')
  return ws.transact((audit) => {
    const before = findPerson(ws, name)
    if (!before) throw notFound('PERSON_NOT_FOUND', `人员名单中没有 ${name}（用 zfjl people list 查看）`)
    if (!before.active) throw conflict('PERSON_ALREADY_DEACTIVATED', `${name} 已于 ${before.deactivated?.at} 停用`)
    const at = formatLocal(now, ws.config.timezone)
    ws.db
      .prepare("INSERT INTO person_changes (name, change, roles, cert_no, reason, at, actor) VALUES (?, 'deactivate', '[]', NULL, ?, ?, ?)")
      .run(name, reason, at, ws.actor.name)
    audit({action: 'people.deactivate', details: {reason, roles: before.roles}, subject: name})
    return findPerson(ws, name)!
  })
}
