import {afterEach, describe, expect, it} from 'vitest'

import {requestCopy} from '../../src/access/copy-approval.js'
import {closeCase, createCase, recordEvent} from '../../src/cases/case-service.js'
import {approveDocument, serveDocument} from '../../src/documents/document-actions.js'
import {fillDocument} from '../../src/documents/fill-document.js'
import {addPerson} from '../../src/people/roles.js'
import {assertCleanText, escapeControls, TEXT_LIMITS} from '../../src/platform/clean-text.js'
import {parseDate, parseUserDateTime} from '../../src/platform/local-time.js'
import type {Workspace} from '../../src/workspace/workspace.js'
import {exampleData, workspaceWithCase} from '../helpers/workspace-builder.js'
import {snapshot} from './core-fixture.js'
import {refusalOf} from '../helpers/refusal.js'

let opened: Workspace | undefined
afterEach(() => opened?.close())

const setup = () => {
  const made = workspaceWithCase()
  opened = made.ws
  return made
}

const OFFICERS = [
  {certNo: '44010020260001', name: '张伟'},
  {certNo: '44010020260002', name: '李娜'},
]

describe('dates', () => {
  it.each([
    ['0000-01-01', 'DATE_OUT_OF_RANGE'],
    ['1900-01-01', 'DATE_OUT_OF_RANGE'],
    ['2100-01-01', 'DATE_OUT_OF_RANGE'],
    ['2026-03-02T09:00+25:00', 'TIMEZONE_INVALID'],
    ['2026-03-02T09:00-14:30', 'TIMEZONE_INVALID'],
    ['2026-03-02T09:00+08:60', 'TIMEZONE_INVALID'],
  ])('refuses %s with a usage error', (input, code) => {
    const error = refusalOf(() => parseUserDateTime(input, '+08:00', '--at'))
    expect([error.kind, error.code]).toEqual(['usage', code])
  })

  it('accepts the edges of the range', () => {
    expect(parseDate('1990-01-01')).toBe('1990-01-01')
    expect(parseUserDateTime('2026-03-02T09:00+14:00', '+08:00')).toBe('2026-03-02T03:00:00+08:00')
    expect(parseUserDateTime('2026-03-02T09:00-12:00', '+08:00')).toBe('2026-03-03T05:00:00+08:00')
  })

  it('refuses an event in year 0, a close before the case, a 文书 dated 1900 and a service before the document or its approval', () => {
    const {ws, caseId} = setup()
    recordEvent(ws, caseId, 'filed', {at: '2026-03-02'})
    const before = snapshot(ws, caseId)
    expect(refusalOf(() => recordEvent(ws, caseId, 'investigation', {at: '0000-01-01'})).code).toBe('DATE_OUT_OF_RANGE')
    expect(refusalOf(() => closeCase(ws, caseId, {at: '1999-01-01'})).code).toBe('DATE_BEFORE_PREDECESSOR')
    expect(refusalOf(() => closeCase(ws, caseId, {at: '2026-03-01T23:00'})).code).toBe('DATE_BEFORE_PREDECESSOR')
    const old = refusalOf(() => fillDocument(ws, caseId, 'penalty-decision', {data: exampleData('penalty-decision'), date: '1900-01-01'}))
    expect([old.kind, old.code]).toEqual(['usage', 'DATE_OUT_OF_RANGE'])
    expect(snapshot(ws, caseId)).toEqual(before)

    addPerson(ws, {name: '刘强', roles: ['reviewer']})
    addPerson(ws, {name: '王强', roles: ['approver']})
    const decision = fillDocument(ws, caseId, 'penalty-decision', {data: exampleData('penalty-decision'), date: '2026-04-01'})
    approveDocument(ws.as('刘强'), caseId, decision.id, {at: '2026-04-02T09:00', by: '刘强', role: 'review'})
    approveDocument(ws.as('王强'), caseId, decision.id, {at: '2026-04-02T10:00', by: '王强', role: 'approve'})
    for (const at of ['2026-03-31', '2026-04-02T09:30']) {
      const early = refusalOf(() => serveDocument(ws, caseId, decision.id, {at, method: 'direct', to: '王某'}))
      expect([early.kind, early.code]).toEqual(['usage', 'DATE_BEFORE_PREDECESSOR'])
    }

    expect(serveDocument(ws, caseId, decision.id, {at: '2026-04-02T11:00', method: 'direct', to: '王某'}).service.at).toBe('2026-04-02T11:00:00+08:00')
    expect(closeCase(ws, caseId, {at: '2026-04-03'}).event).toBe('closed')
  })
})

describe('text fields', () => {
  const HOSTILE = ['\u001B[31m', '\u0007', '\r', '\u001B]0;title\u0007', '\u202E', '\u2066', '\u009B']

  it.each(HOSTILE)('refuses %j in a title, a party name, a purpose and a 文书 field, naming the field', (bad) => {
    const {ws, caseId} = setup()
    const before = snapshot(ws, caseId)
    const party = {address: null, idNumber: null, name: `某${bad}店`}
    const title = refusalOf(() => createCase(ws, {officers: OFFICERS, party: {...party, name: '某店'}, procedure: 'penalty-general', title: `案${bad}由`}))
    expect([title.kind, title.code]).toEqual(['usage', 'CASE_INPUT_INVALID'])
    expect(title.message).toContain('--title（案由）')
    expect(refusalOf(() => createCase(ws, {officers: OFFICERS, party, procedure: 'penalty-general', title: '案由'})).message).toContain('--party（当事人）')
    const purpose = refusalOf(() => requestCopy(ws, {all: true, caseId, purpose: `复${bad}议`, requestedBy: '张伟'}, []))
    expect([purpose.code, purpose.details]).toEqual(['TEXT_INVALID', {field: '--purpose（用途）'}])
    const field = refusalOf(() => fillDocument(ws, caseId, 'penalty-decision', {data: {...exampleData('penalty-decision'), facts: `事${bad}实`}, date: '2026-04-01'}))
    expect([field.kind, field.code]).toEqual(['usage', 'DOC_FIELDS_INVALID'])
    expect(field.message).toContain('（facts）')
    expect(field.message).not.toContain('模板')
    expect(refusalOf(() => addPerson(ws, {name: `王${bad}五`, roles: ['head']})).message).toContain('人员姓名')
    expect(snapshot(ws, caseId)).toEqual(before)
  })

  it('keeps line breaks in fields that span lines, and limits lengths from one table', () => {
    expect(() => assertCleanText('第一行\r\n第二行\n\t第三行', '违法事实', 'documentField')).not.toThrow()
    expect(() => assertCleanText('某\n店', '--party', 'name')).toThrow(/控制字符/)
    const long = refusalOf(() => assertCleanText('长'.repeat(TEXT_LIMITS.title + 1), '--title（案由）', 'title'))
    expect([long.code, long.message]).toEqual(['TEXT_TOO_LONG', `--title（案由） 过长（${TEXT_LIMITS.title + 1} 字，最多 ${TEXT_LIMITS.title} 字）`])
  })

  it('escapes what it shows instead of letting a terminal run it', () => {
    expect(escapeControls('IMG\u001B]0;x\u0007\u202Egpj.exe')).toBe('IMG\\u{1b}]0;x\\u{7}\\u{202e}gpj.exe')
  })
})
