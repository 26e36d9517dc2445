import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {identifyActor} from '../../src/people/identity.js'
import {
  addPerson,
  deactivatePerson,
  findPerson,
  isAdministrator,
  listPeople,
  parseRole,
  reactivatePerson,
  removeRoles,
  requireRole,
  resolveCaseOfficers,
} from '../../src/people/roles.js'
import {openCatalog} from '../../src/platform/db/database.js'
import {MIGRATIONS} from '../../src/platform/db/migrations/index.js'
import {makeTempDir} from '../helpers/cli.js'
import {Workspace} from '../../src/workspace/workspace.js'
import {listAudit} from '../../src/platform/db/audit-chain.js'
import {workspaceWithCase} from '../helpers/workspace-builder.js'
import {refusalOf} from '../helpers/refusal.js'

describe('roles', () => {
  let ws: Workspace
  afterEach(() => ws?.close())

  it('seeds the configured officers as people with the officer role', () => {
    ;({ws} = workspaceWithCase())
    const people = listPeople(ws)
    expect(people.map((person) => [person.name, person.roles, person.certNo, person.source])).toEqual([
      ['张伟', ['officer'], '44010020260001', 'config'],
      ['李娜', ['officer'], '44010020260002', 'config'],
    ])
    expect(requireRole(ws, '张伟', 'officer').certNo).toBe('44010020260001')
  })

  it('accepts role ids and Chinese names, and refuses others', () => {
    expect(parseRole('执法机构负责人')).toBe('head')
    expect(parseRole('custodian')).toBe('custodian')
    expect(() => parseRole('boss')).toThrow(/未知的角色/)
  })

  it('adds people, adds roles to existing ones, and audits each change', () => {
    ;({ws} = workspaceWithCase())
    const added = addPerson(ws, {name: '王强', roles: ['head']})
    expect(added.created).toBe(true)
    const more = addPerson(ws, {name: '王强', roles: ['approver', 'head']})
    expect(more.created).toBe(false)
    expect(more.addedRoles).toEqual(['approver'])
    expect(findPerson(ws, '王强')?.roles).toEqual(['approver', 'head'])
    addPerson(ws, {name: '李娜', roles: ['reviewer']})
    expect(findPerson(ws, '李娜')?.roles).toEqual(['officer', 'reviewer'])
    expect(refusalOf(() => addPerson(ws, {name: '王强', roles: ['head']})).code).toBe('PERSON_UNCHANGED')
    expect(refusalOf(() => addPerson(ws, {name: '赵敏', roles: ['officer']})).code).toBe('CERT_REQUIRED')
    const audit = listAudit(ws.db, {action: 'people'})
    expect(audit.map((row) => [row.action, row.subject])).toEqual([
      ['people.add', '王强'],
      ['people.add', '王强'],
      ['people.add', '李娜'],
    ])
    expect(audit[1].details).toMatchObject({addedRoles: ['approver'], created: false})
  })

  it('refuses unknown, inactive and role-less people with ROLE_REQUIRED, and never deletes anyone', () => {
    ;({ws} = workspaceWithCase())
    addPerson(ws, {name: '王强', roles: ['head']})
    const unknown = refusalOf(() => requireRole(ws, '路人甲', 'head'))
    expect([unknown.kind, unknown.code, unknown.details?.reason]).toEqual(['forbidden', 'ROLE_REQUIRED', 'unknown'])
    expect(unknown.message).toMatch(/^路人甲 不具有执法机构负责人（head）角色/)
    const lacking = refusalOf(() => requireRole(ws, '张伟', 'head'))
    expect(lacking.details?.reason).toBe('missing-role')
    deactivatePerson(ws, {name: '王强', reason: '调离'})
    const inactive = refusalOf(() => requireRole(ws, '王强', 'head'))
    expect(inactive.details?.reason).toBe('inactive')
    expect(inactive.message).toMatch(/调离/)
    expect(findPerson(ws, '王强')).toMatchObject({active: false, deactivated: {reason: '调离'}, roles: ['head']})
    expect(refusalOf(() => deactivatePerson(ws, {name: '王强', reason: '再次'})).code).toBe('PERSON_ALREADY_DEACTIVATED')
    expect(refusalOf(() => addPerson(ws, {name: '王强', roles: ['approver']})).code).toBe('PERSON_DEACTIVATED')
    expect(() => ws.db.run('DELETE FROM person_changes')).toThrow(/只增记录/)
    expect(listAudit(ws.db, {action: 'people.deactivate'})).toHaveLength(1)
  })

  it('requires a reason to deactivate', () => {
    ;({ws} = workspaceWithCase())
    expect(refusalOf(() => deactivatePerson(ws, {name: '张伟', reason: ' '})).code).toBe('REASON_REQUIRED')
    expect(findPerson(ws, '张伟')?.active).toBe(true)
  })
})

describe('who may change the roster, and who acts', () => {
  let ws: Workspace
  afterEach(() => ws?.close())

  it('lets a head or the administrator change the roster, never about themselves, and reactivates and removes roles', () => {
    ;({ws} = workspaceWithCase())
    addPerson(ws, {name: '王强', roles: ['head']})
    const byOfficer = refusalOf(() => addPerson(ws.as('李娜'), {name: '假局长', roles: ['head']}))
    expect([byOfficer.kind, byOfficer.code]).toEqual(['forbidden', 'PEOPLE_ADMIN_REQUIRED'])
    expect(refusalOf(() => addPerson(ws.as('王强'), {name: '王强', roles: ['approver']})).code).toBe('SELF_ROLE_CHANGE')
    expect(refusalOf(() => addPerson(ws, {name: '张伟', roles: ['head']})).code).toBe('SELF_ROLE_CHANGE')
    addPerson(ws.as('王强'), {name: '赵敏', roles: ['reviewer', 'approver']})
    expect(removeRoles(ws.as('王强'), {name: '赵敏', reason: '岗位调整', roles: ['approver']}).roles).toEqual(['reviewer'])
    deactivatePerson(ws.as('王强'), {name: '赵敏', reason: '调离'})
    expect(refusalOf(() => reactivatePerson(ws.as('李娜'), {name: '赵敏', reason: '调回'})).code).toBe('PEOPLE_ADMIN_REQUIRED')
    expect(reactivatePerson(ws.as('王强'), {name: '赵敏', reason: '调回'})).toMatchObject({active: true, deactivated: null, roles: ['reviewer']})
    expect(refusalOf(() => reactivatePerson(ws.as('王强'), {name: '赵敏', reason: '再次'})).code).toBe('PERSON_ACTIVE')
    expect(listAudit(ws.db, {action: 'people'}).map((row) => [row.action, row.actor])).toEqual([
      ['people.add', '张伟'],
      ['people.add', '王强'],
      ['people.remove-role', '王强'],
      ['people.deactivate', '王强'],
      ['people.reactivate', '王强'],
    ])
  })

  it('lets the default operator of a workspace from before administrators keep the roster, but not a hand-cleared administrator', () => {
    ;({ws} = workspaceWithCase())
    const legacy = new Workspace(ws.root, {...ws.config, administrator: null}, ws.db, '张伟')
    expect(isAdministrator(legacy)).toBe(true)
    expect(isAdministrator(legacy.as('李娜'))).toBe(false)
    // This workspace's init recorded its administrator: clearing it by hand is a roster change no audit row shows.
    expect(refusalOf(() => addPerson(legacy, {name: '王强', roles: ['head']})).code).toBe('CONFIG_ROSTER_CHANGED')
  })

  it('takes case officers from the roster by name, refusing strangers, wrong numbers and the same person twice', () => {
    ;({ws} = workspaceWithCase())
    expect(resolveCaseOfficers(ws, [{name: '张伟'}, {certNo: '44010020260002', name: '李娜'}], 2)).toEqual([
      {certNo: '44010020260001', name: '张伟'},
      {certNo: '44010020260002', name: '李娜'},
    ])
    const codeOf = (officers: Array<{name: string; certNo?: string}>) => refusalOf(() => resolveCaseOfficers(ws, officers, 2)).code
    expect(codeOf([{certNo: '1', name: '张三'}, {certNo: '2', name: '张三'}])).toBe('OFFICER_UNKNOWN')
    expect(codeOf([{certNo: '9', name: '张伟'}, {name: '李娜'}])).toBe('OFFICER_CERT_MISMATCH')
    expect(codeOf([{name: '张伟'}, {certNo: '44010020260001', name: '张伟'}])).toBe('OFFICER_DUPLICATE')
    expect(codeOf([{name: '张伟'}])).toBe('OFFICERS_TOO_FEW')
  })

  it('in declared mode acts as the named person only when registered and active', () => {
    ;({ws} = workspaceWithCase())
    expect(identifyActor(ws, {declared: '李娜'}).actor.name).toBe('李娜')
    expect(identifyActor(ws).actor.name).toBe('张伟')
    expect(refusalOf(() => identifyActor(ws, {declared: '路人甲'})).code).toBe('ACTOR_UNKNOWN')
    deactivatePerson(ws, {name: '李娜', reason: '调离'})
    expect(refusalOf(() => identifyActor(ws, {declared: '李娜'})).code).toBe('ACTOR_INACTIVE')
  })

  it('keeps every earlier roster change when migration 010 rebuilds the table', () => {
    const path = join(makeTempDir(), 'old.db')
    const old = openCatalog(path, MIGRATIONS.filter((migration) => migration.version < 10))
    old.run("INSERT INTO person_changes (name, change, roles, cert_no, reason, at, actor) VALUES ('王强', 'add', '[\"head\"]', NULL, NULL, 'x', '张伟')")
    old.close()
    const db = openCatalog(path)
    expect(db.all('SELECT id, name, change, account FROM person_changes')).toEqual([{account: null, change: 'add', id: 1, name: '王强'}])
    expect(() => db.run('DELETE FROM person_changes')).toThrow(/只增记录/)
    db.close()
  })
})
