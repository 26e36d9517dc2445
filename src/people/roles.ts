import {assertCleanText, type TextKind, textProblem} from '../platform/clean-text.js'
import {conflict, forbidden, integrityError, notFound, usageError} from '../platform/errors.js'
import {parseStoredJson} from '../platform/stored-json.js'
import {formatLocal} from '../platform/local-time.js'
import {didYouMean, suggest} from '../platform/suggest.js'
import {requireAuditedPersonChanges, requireAuditedRosterConfig} from '../workspace/record-trail.js'
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

/** Roles a unit needs before its first 文书 can be reviewed and approved, and its roster kept (第四十六条、第四十八条). */
export const APPROVAL_ROLES: readonly Role[] = ['reviewer', 'approver', 'head']

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
  /** The OS account this person logs in with; in `account` identity mode the person acts only through it. */
  account: string | null
  active: boolean
  /** `config`: listed in zfjl.json (officers or people); `added`: only through `zfjl people add`. */
  source: 'config' | 'added'
  deactivated: {at: string; by: string; reason: string} | null
}

interface PersonChangeRow {
  id: number
  name: string
  change: 'add' | 'deactivate' | 'reactivate' | 'remove-roles'
  roles: string
  cert_no: string | null
  account: string | null
  reason: string | null
  at: string
  actor: string
}

export const normalizeName = (name: string): string => name.normalize('NFC').trim()

const ROLE_ORDER = new Map(ROLES.map((entry, index) => [entry.id, index]))
const sortRoles = (roles: Iterable<Role>): Role[] => [...new Set(roles)].sort((a, b) => ROLE_ORDER.get(a)! - ROLE_ORDER.get(b)!)

const configuredPeople = (ws: Workspace): Person[] => {
  requireAuditedRosterConfig(ws, ws.config)
  const people = new Map<string, Person>()
  const upsert = (name: string, roles: Role[], certNo: string | null, account: string | null) => {
    const key = normalizeName(name)
    const existing = people.get(key)
    people.set(key, {
      account: existing?.account ?? account,
      active: true,
      certNo: existing?.certNo ?? certNo,
      deactivated: null,
      name: key,
      roles: sortRoles([...(existing?.roles ?? []), ...roles]),
      source: 'config',
    })
  }

  for (const officer of ws.config.officers) upsert(officer.name, ['officer'], officer.certNo, officer.account ?? null)
  for (const entry of ws.config.people ?? []) upsert(entry.name, entry.roles.map((role) => parseRole(role)), entry.certNo ?? null, entry.account ?? null)
  return [...people.values()]
}

/**
 * Everyone who holds a role: the configured officers (role `officer`) and `people` of zfjl.json,
 * then the recorded changes (`people add`, `deactivate`, `reactivate`, `remove-role`) applied in
 * order. Nobody is removed.
 */
export const listPeople = (ws: Workspace): Person[] => {
  const people = new Map(configuredPeople(ws).map((person) => [person.name, person]))
  const changes = ws.db.all<PersonChangeRow>('SELECT * FROM person_changes ORDER BY id')
  for (const change of changes) {
    const existing = people.get(change.name)
    const roles = parseStoredJson<Role[]>(change.roles, `person_changes 表第 ${change.id} 行的 roles 列`)
    if (!Array.isArray(roles)) throw integrityError('STORED_JSON_INVALID', `数据库中 person_changes 表第 ${change.id} 行的 roles 列不是角色列表，记录可能被改动。请运行 zfjl audit verify 检查审计链与记录`)
    if (change.change === 'add') {
      people.set(change.name, {
        account: change.account ?? existing?.account ?? null,
        active: true,
        certNo: change.cert_no ?? existing?.certNo ?? null,
        deactivated: null,
        name: change.name,
        roles: sortRoles([...(existing?.roles ?? []), ...roles]),
        source: existing?.source ?? 'added',
      })
    } else if (!existing) {
      continue
    } else if (change.change === 'deactivate') {
      people.set(change.name, {...existing, active: false, deactivated: {at: change.at, by: change.actor, reason: change.reason ?? ''}})
    } else if (change.change === 'reactivate') {
      people.set(change.name, {...existing, active: true, deactivated: null})
    } else {
      people.set(change.name, {...existing, roles: existing.roles.filter((role) => !roles.includes(role))})
    }
  }

  return [...people.values()]
}

/** The person bound to an OS account, active or not. */
export const findPersonByAccount = (ws: Workspace, account: string): Person | undefined =>
  listPeople(ws).find((person) => person.account === account)

/** The administrator `zfjl init` set up: the OS account that ran it, and in `declared` mode the person named first. */
export const isAdministrator = (ws: Workspace): boolean => {
  const administrator = ws.config.administrator
  // A workspace from before administrators were recorded: its default operator set it up.
  if (!administrator) return ws.config.identity === 'declared' && ws.actor.name === ws.config.defaultOfficer
  if (administrator.account !== ws.actor.osUser) return false
  return administrator.name === null || administrator.name === ws.actor.name
}

/** True when the acting person is an active head (第四十六条 执法机构负责人). */
export const actorIsHead = (ws: Workspace): boolean => {
  const actor = findPerson(ws, ws.actor.name)
  if (!actor?.active || !actor.roles.includes('head')) return false
  requireAuditedPersonChanges(ws, actor.name)
  return true
}

/**
 * Who may change the roster: a head, or the workspace administrator; and never about themselves,
 * so nobody gives themselves a role, an account or their activity back.
 */
const requireRosterKeeper = (ws: Workspace, target: string, change: string): void => {
  if (!actorIsHead(ws) && !isAdministrator(ws)) {
    throw forbidden(
      'PEOPLE_ADMIN_REQUIRED',
      `${ws.actor.name} 不能${change}：只有执法机构负责人（head）或工作区管理员（运行 zfjl init 的系统账户 ${ws.config.administrator?.account ?? '未知'}${ws.config.administrator?.name ? `，${ws.config.administrator.name}` : ''}）可以登记人员、更改角色或恢复人员`,
      {actor: ws.actor.name, change},
    )
  }

  if (target === ws.actor.name) {
    throw forbidden('SELF_ROLE_CHANGE', `${target} 不能为自己${change}：须由另一位执法机构负责人或工作区管理员办理`, {change, name: target})
  }
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

  requireAuditedPersonChanges(ws, person.name)
  return person
}

/**
 * The acting person for a duty that must be done in person (审批、接收、取消标记): `named` (--by, --to)
 * may only repeat the actor's own name, and the actor must be registered, active and, when `role` is
 * given, hold it. Nobody signs for someone else: the record always shows who really did it.
 */
export const requireActingPerson = (ws: Workspace, named: string | undefined, duty: string, role?: Role): Person => {
  const actor = ws.actor.name
  const wanted = named === undefined ? actor : normalizeName(named)
  if (wanted && wanted !== actor) {
    throw forbidden('ACTS_FOR_OTHER', `${actor} 不能以 ${wanted} 的名义${duty}：须由 ${wanted} 本人以自己的身份操作（--by/--to 只能写操作人本人，或省略）`, {
      actor,
      duty,
      named: wanted,
    })
  }

  if (role) return requireRole(ws, actor, role)
  const person = findPerson(ws, actor)
  if (!person?.active) {
    throw forbidden('ACTOR_UNKNOWN', `操作人 ${actor} 不是在用的登记人员，不能${duty}（用 zfjl people list 查看名单）`, {name: actor})
  }

  return person
}

/**
 * The case officers (行政处罚法 第四十二条, 本办法第二条: at least two) as the roster knows them: a name
 * is enough and the 执法证号 is looked up; a number given must be the one registered. Each must be an
 * active officer, and each person counts once.
 */
/** The people who may handle a case: active, with the officer role and a 执法证号. */
export const activeOfficers = (ws: Workspace): Array<Person & {certNo: string}> =>
  listPeople(ws).filter((person): person is Person & {certNo: string} => person.active && person.roles.includes('officer') && Boolean(person.certNo))

export const resolveCaseOfficers = (ws: Workspace, wanted: ReadonlyArray<{name: string; certNo?: string | null}>, minimum: number): Array<{name: string; certNo: string}> => {
  const officers: Array<{name: string; certNo: string}> = []
  for (const entry of wanted) {
    const name = normalizeName(entry.name)
    const person = findPerson(ws, name)
    if (!person) {
      const roster = activeOfficers(ws).map((officer) => officer.name)
      const hint = didYouMean(name, roster) || `由执法机构负责人用 zfjl people add ${name} --role officer --cert <执法证号> 登记。`
      throw forbidden('OFFICER_UNKNOWN', `执法人员 ${name} 不在工作区人员名单中。${hint}`, {name, suggestions: suggest(name, roster)})
    }

    if (!person.active || !person.roles.includes('officer') || !person.certNo) {
      throw forbidden('OFFICER_NOT_ACTIVE', `${name} 不是在用的执法人员（${person.active ? '没有执法人员角色或执法证号' : `已于 ${person.deactivated?.at} 停用`}），不能承办案件`, {name})
    }

    // The role and the 执法证号 a case is filed under must come from roster changes the program recorded.
    requireAuditedPersonChanges(ws, person.name)

    const certNo = entry.certNo?.trim()
    if (certNo && certNo !== person.certNo) {
      throw forbidden('OFFICER_CERT_MISMATCH', `${name} 登记的执法证号是 ${person.certNo}，与所填的 ${certNo} 不符`, {certNo, name, registered: person.certNo})
    }

    if (officers.some((officer) => officer.name === name)) {
      throw forbidden('OFFICER_DUPLICATE', `执法人员 ${name} 重复出现：承办案件须由至少 ${minimum} 名不同的执法人员（行政处罚法 第四十二条）`, {name})
    }

    officers.push({certNo: person.certNo, name})
  }

  if (officers.length < minimum) {
    throw usageError('OFFICERS_TOO_FEW', `执法人员至少 ${minimum} 名，现有 ${officers.length} 名（行政处罚法 第四十二条）`, {count: officers.length})
  }

  return officers
}

export interface AddPersonInput {
  name: string
  roles: Role[]
  certNo?: string
  /** The OS account the person logs in with. */
  account?: string
}

export interface AddPersonResult {
  person: Person
  /** Roles this call gave the person that they did not hold before. */
  addedRoles: Role[]
  created: boolean
}

/** What `people add` accepts of each typed value; `zfjl init` asks for the first people by the same rules. */
const PERSON_FIELDS = {
  account: {kind: 'identifier', label: '--account（系统账户）'},
  certNo: {kind: 'identifier', label: '--cert（执法证号）'},
  name: {kind: 'name', label: '人员姓名'},
} as const satisfies Record<keyof Omit<AddPersonInput, 'roles'>, {kind: TextKind; label: string}>

/** What is wrong with a person's name, 执法证号 or account as typed, or null. */
export const personFieldProblem = (field: keyof typeof PERSON_FIELDS, value: string): string | null => {
  if (field === 'name' && !normalizeName(value)) return '人员姓名不能为空'
  return textProblem(field === 'name' ? normalizeName(value) : value.trim(), PERSON_FIELDS[field].label, PERSON_FIELDS[field].kind)
}

/** Adds a person, or gives an existing one more roles; audited as `people.add`. */
export const addPerson = (ws: Workspace, input: AddPersonInput, now = new Date()): AddPersonResult => {
  const name = normalizeName(input.name)
  if (!name) throw usageError('PERSON_NAME_REQUIRED', '人员姓名不能为空')
  assertCleanText(name, PERSON_FIELDS.name.label, PERSON_FIELDS.name.kind)
  assertCleanText(input.certNo, PERSON_FIELDS.certNo.label, PERSON_FIELDS.certNo.kind)
  assertCleanText(input.account, PERSON_FIELDS.account.label, PERSON_FIELDS.account.kind)
  const certNo = input.certNo?.trim() || undefined
  const account = input.account?.trim() || undefined
  if (input.roles.length === 0 && !(account && findPerson(ws, name))) throw usageError('ROLE_REQUIRED_FLAG', '至少用 --role 指定一个角色')
  return ws.transact((audit) => {
    const before = findPerson(ws, name)
    requireRosterKeeper(ws, name, before ? '更改人员角色或账户' : '登记人员')
    const holder = account === undefined ? undefined : findPersonByAccount(ws, account)
    if (holder && holder.name !== name) {
      throw conflict('ACCOUNT_TAKEN', `系统账户 ${account} 已绑定 ${holder.name}，一个账户只能对应一人`, {account, name: holder.name})
    }

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
    const accountChanged = account !== undefined && account !== before?.account
    if (before && addedRoles.length === 0 && !certChanged && !accountChanged) {
      throw conflict('PERSON_UNCHANGED', `${name} 已具有角色 ${roles.map((role) => roleName(role)).join('、')}，未做任何改动`)
    }

    const at = formatLocal(now, ws.config.timezone)
    ws.db.run(
      "INSERT INTO person_changes (name, change, roles, cert_no, account, reason, at, actor, os_user) VALUES (?, 'add', ?, ?, ?, NULL, ?, ?, ?)",
      name,
      JSON.stringify(addedRoles),
      certNo ?? null,
      account ?? null,
      at,
      ws.actor.name,
      ws.actor.osUser,
    )
    audit({
      action: 'people.add',
      details: {account: account ?? null, addedRoles, certNo: certNo ?? null, created: !before, roles: sortRoles([...(before?.roles ?? []), ...roles])},
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
    requireRosterKeeper(ws, name, '停用人员')
    if (!before.active) throw conflict('PERSON_ALREADY_DEACTIVATED', `${name} 已于 ${before.deactivated?.at} 停用`)
    recordChange(ws, name, 'deactivate', [], reason, now)
    audit({action: 'people.deactivate', details: {reason, roles: before.roles}, subject: name})
    return findPerson(ws, name)!
  })
}

const recordChange = (ws: Workspace, name: string, change: 'deactivate' | 'reactivate' | 'remove-roles', roles: Role[], reason: string, now: Date): void => {
  ws.db.run(
    'INSERT INTO person_changes (name, change, roles, cert_no, account, reason, at, actor, os_user) VALUES (?, ?, ?, NULL, NULL, ?, ?, ?, ?)',
    name,
    change,
    JSON.stringify(roles),
    reason,
    formatLocal(now, ws.config.timezone),
    ws.actor.name,
    ws.actor.osUser,
  )
}

/** Makes a deactivated person active again, with the roles they held; audited as `people.reactivate`. */
export const reactivatePerson = (ws: Workspace, input: {name: string; reason: string}, now = new Date()): Person => {
  const name = normalizeName(input.name)
  const reason = input.reason?.trim()
  if (!reason) throw usageError('REASON_REQUIRED', '恢复人员必须用 --reason 写明理由')
  return ws.transact((audit) => {
    const before = findPerson(ws, name)
    if (!before) throw notFound('PERSON_NOT_FOUND', `人员名单中没有 ${name}（用 zfjl people list 查看）`)
    requireRosterKeeper(ws, name, '恢复人员')
    if (before.active) throw conflict('PERSON_ACTIVE', `${name} 未被停用，无需恢复`)
    recordChange(ws, name, 'reactivate', [], reason, now)
    audit({action: 'people.reactivate', details: {reason, roles: before.roles}, subject: name})
    return findPerson(ws, name)!
  })
}

/** Takes roles away from a person (the record of having held them stays); audited as `people.remove-role`. */
export const removeRoles = (ws: Workspace, input: {name: string; roles: Role[]; reason: string}, now = new Date()): Person => {
  const name = normalizeName(input.name)
  const reason = input.reason?.trim()
  if (!reason) throw usageError('REASON_REQUIRED', '取消角色必须用 --reason 写明理由')
  if (input.roles.length === 0) throw usageError('ROLE_REQUIRED_FLAG', '至少用 --role 指定一个角色')
  return ws.transact((audit) => {
    const before = findPerson(ws, name)
    if (!before) throw notFound('PERSON_NOT_FOUND', `人员名单中没有 ${name}（用 zfjl people list 查看）`)
    requireRosterKeeper(ws, name, '取消人员角色')
    const removed = sortRoles(input.roles).filter((role) => before.roles.includes(role))
    if (removed.length === 0) throw conflict('PERSON_UNCHANGED', `${name} 不具有角色 ${input.roles.map((role) => roleName(role)).join('、')}，未做任何改动`)
    recordChange(ws, name, 'remove-roles', removed, reason, now)
    audit({action: 'people.remove-role', details: {reason, removedRoles: removed, roles: before.roles.filter((role) => !removed.includes(role))}, subject: name})
    return findPerson(ws, name)!
  })
}
