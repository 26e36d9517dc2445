import {afterEach, describe, expect, it} from 'vitest'

import {addPerson, deactivatePerson, findPerson, listPeople, parseRole, requireRole} from '../../src/people/roles.js'
import {ZfjlError} from '../../src/platform/errors.js'
import type {Workspace} from '../../src/workspace/workspace.js'
import {listAudit} from '../../src/platform/db/audit-chain.js'
import {workspaceWithCase} from '../helpers/workspace-builder.js'

const refusal = (work: () => unknown): ZfjlError => {
  try {
    work()
  } catch (error) {
    if (error instanceof ZfjlError) return error
    throw error
  }

  throw new Error('expected a refusal')
}

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
    addPerson(ws, {name: '张伟', roles: ['reviewer']})
    expect(findPerson(ws, '张伟')?.roles).toEqual(['officer', 'reviewer'])
    expect(refusal(() => addPerson(ws, {name: '王强', roles: ['head']})).code).toBe('PERSON_UNCHANGED')
    expect(refusal(() => addPerson(ws, {name: '赵敏', roles: ['officer']})).code).toBe('CERT_REQUIRED')
    const audit = listAudit(ws.db, {action: 'people'})
    expect(audit.map((row) => [row.action, row.subject])).toEqual([
      ['people.add', '王强'],
      ['people.add', '王强'],
      ['people.add', '张伟'],
    ])
    expect(audit[1].details).toMatchObject({addedRoles: ['approver'], created: false})
  })

  it('refuses unknown, inactive and role-less people with ROLE_REQUIRED, and never deletes anyone', () => {
    ;({ws} = workspaceWithCase())
    addPerson(ws, {name: '王强', roles: ['head']})
    const unknown = refusal(() => requireRole(ws, '路人甲', 'head'))
    expect([unknown.kind, unknown.code, unknown.details?.reason]).toEqual(['forbidden', 'ROLE_REQUIRED', 'unknown'])
    expect(unknown.message).toMatch(/^路人甲 不具有执法机构负责人（head）角色/)
    const lacking = refusal(() => requireRole(ws, '张伟', 'head'))
    expect(lacking.details?.reason).toBe('missing-role')
    deactivatePerson(ws, {name: '王强', reason: '调离'})
    const inactive = refusal(() => requireRole(ws, '王强', 'head'))
    expect(inactive.details?.reason).toBe('inactive')
    expect(inactive.message).toMatch(/调离/)
    expect(findPerson(ws, '王强')).toMatchObject({active: false, deactivated: {reason: '调离'}, roles: ['head']})
    expect(refusal(() => deactivatePerson(ws, {name: '王强', reason: '再次'})).code).toBe('PERSON_ALREADY_DEACTIVATED')
    expect(refusal(() => addPerson(ws, {name: '王强', roles: ['approver']})).code).toBe('PERSON_DEACTIVATED')
    expect(() => ws.db.prepare('DELETE FROM person_changes').run()).toThrow(/只增记录/)
    expect(listAudit(ws.db, {action: 'people.deactivate'})).toHaveLength(1)
  })

  it('requires a reason to deactivate', () => {
    ;({ws} = workspaceWithCase())
    expect(refusal(() => deactivatePerson(ws, {name: '张伟', reason: ' '})).code).toBe('REASON_REQUIRED')
    expect(findPerson(ws, '张伟')?.active).toBe(true)
  })
})
