import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import PizZip from 'pizzip'
import {afterEach, describe, expect, it} from 'vitest'

import {addPerson} from '../../src/people/roles.js'
import type {Workspace} from '../../src/workspace/workspace.js'
import {approveDocument, serveDocument, voidDocument} from '../../src/documents/document-actions.js'
import {listDocuments} from '../../src/documents/document-store.js'
import {fillDocument} from '../../src/documents/fill-document.js'
import {exampleData, workspaceWithCase} from '../helpers/workspace-builder.js'
import {snapshot} from './core-fixture.js'
import {refusalOf} from '../helpers/refusal.js'

let opened: Workspace | undefined
afterEach(() => opened?.close())

const setup = () => {
  const made = workspaceWithCase()
  opened = made.ws
  addPerson(made.ws, {name: '刘强', roles: ['reviewer']})
  addPerson(made.ws, {name: '王强', roles: ['approver']})
  addPerson(made.ws, {name: '孙丽', roles: ['reviewer', 'approver']})
  const decision = fillDocument(made.ws, made.caseId, 'penalty-decision', {data: exampleData('penalty-decision'), date: '2026-04-01'})
  return {...made, decision}
}

describe('approve', () => {
  it('records review then approval with person, time and opinion', () => {
    const {ws, caseId, decision} = setup()
    approveDocument(ws.as('刘强'), caseId, decision.id, {by: '刘强', opinion: '事实清楚，同意', role: 'review'})
    const approved = approveDocument(ws.as('王强'), caseId, decision.number!, {by: '王强', role: 'approve'})
    expect(approved.approvals.map((approval) => [approval.role, approval.by, approval.opinion])).toEqual([
      ['review', '刘强', '事实清楚，同意'],
      ['approve', '王强', null],
    ])
    expect(approved.approvals[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)
  })

  it('records a paper approval afterwards at the time it was signed', () => {
    const {ws, caseId, decision} = setup()
    approveDocument(ws.as('刘强'), caseId, decision.id, {at: '2026-04-01T15:00', by: '刘强', role: 'review'})
    const approved = approveDocument(ws.as('王强'), caseId, decision.id, {at: '2026-04-02', by: '王强', role: 'approve'})
    expect(approved.approvals.map((approval) => approval.at)).toEqual(['2026-04-01T15:00:00+08:00', '2026-04-02'])
  })

  it.each([
    ['approval before review', [], {by: '王强', role: 'approve'}, 'conflict', 'REVIEW_REQUIRED'],
    ['review by the drafter', [], {by: '张伟', role: 'review'}, 'forbidden', 'DRAFTER_CANNOT_APPROVE'],
    ['review by a colleague who handles the case (本办法第四十八条, as interpreted)', [], {by: '李娜', role: 'review'}, 'forbidden', 'CASE_OFFICER_CANNOT_APPROVE'],
    ['review by someone without the reviewer role', [], {by: '王强', role: 'review'}, 'forbidden', 'ROLE_REQUIRED'],
    ['a second review', [{by: '刘强', role: 'review'}], {by: '刘强', role: 'review'}, 'conflict', 'DOC_ALREADY_REVIEWED'],
    ['a review dated before the document', [], {at: '2026-03-31', by: '刘强', role: 'review'}, 'usage', 'APPROVAL_BEFORE_PREDECESSOR'],
    ['an approval dated before the review', [{at: '2026-04-02T10:00', by: '刘强', role: 'review'}], {at: '2026-04-02T09:00', by: '王强', role: 'approve'}, 'usage', 'APPROVAL_BEFORE_PREDECESSOR'],
    ['an approval dated in the future', [], {at: '2098-12-31', by: '刘强', role: 'review'}, 'usage', 'DATE_IN_FUTURE'],
    ['an approval by whoever reviewed it', [{by: '孙丽', role: 'review'}], {by: '孙丽', role: 'approve'}, 'forbidden', 'REVIEWER_CANNOT_APPROVE'],
    ['a review recorded in someone else\'s name', [], {actor: '张伟', by: '刘强', role: 'review'}, 'forbidden', 'ACTS_FOR_OTHER'],
  ] as const)('refuses %s', (_name, earlier, attempt, kind, code) => {
    const {ws, caseId, decision} = setup()
    for (const step of earlier) approveDocument(ws.as(step.by), caseId, decision.id, step)
    const before = snapshot(ws, caseId)
    const actor = 'actor' in attempt ? attempt.actor : attempt.by
    const error = refusalOf(() => approveDocument(ws.as(actor), caseId, decision.id, attempt))
    expect([error.kind, error.code]).toEqual([kind, code])
    expect(snapshot(ws, caseId)).toEqual(before)
  })
})

describe('serve', () => {
  it('refuses to serve a decision that is not approved', () => {
    const {ws, caseId, decision} = setup()
    const before = snapshot(ws, caseId)
    const error = refusalOf(() => serveDocument(ws, caseId, decision.id, {method: 'direct', to: '王某'}))
    expect([error.kind, error.code]).toEqual(['forbidden', 'DOC_NOT_APPROVED'])
    expect(snapshot(ws, caseId)).toEqual(before)
  })

  it('records the service, makes the 送达回证 and records decision-served in one go', () => {
    const {ws, caseId, decision, root} = setup()
    approveDocument(ws.as('刘强'), caseId, decision.id, {at: '2026-04-01T15:00', by: '刘强', role: 'review'})
    approveDocument(ws.as('王强'), caseId, decision.id, {at: '2026-04-01T16:00', by: '王强', role: 'approve'})
    const result = serveDocument(ws, caseId, decision.id, {at: '2026-04-02T10:00', method: 'direct', to: '王某（店长）'})
    expect(result.service).toEqual({at: '2026-04-02T10:00:00+08:00', method: 'direct', receiptDocId: result.receipt.id, to: '王某（店长）'})
    expect(result.document.services).toEqual([result.service])
    expect(result.receipt.type).toBe('service-receipt')
    expect(result.receipt.fields).toMatchObject({docNo: '珠卫罚〔2026〕1号', docTitle: '行政处罚决定书', method: '直接送达', recipient: '王某（店长）'})
    const text = new PizZip(readFileSync(join(root, result.receipt.file))).file('word/document.xml')!.asText().replace(/<[^>]+>/g, '')
    expect(text).toContain('送达回证')
    expect(text).toContain('2026年4月2日10时00分')
    expect(result.event).toMatchObject({at: '2026-04-02T10:00:00+08:00', event: 'decision-served'})
    const event = ws.db.get<{source: string}>('SELECT source FROM events WHERE id = ?', result.event!.id)!
    expect(event.source).toBe(`serve:${decision.id}`)
  })

  it('serves a notice without approval when the catalog does not ask for one, recording its event', () => {
    const {ws, caseId} = setup()
    const request = fillDocument(ws, caseId, 'evidence-request', {data: exampleData('evidence-request')})
    const result = serveDocument(ws, caseId, request.id, {method: 'left', to: '衡阳市某某足浴店'})
    expect(result.event?.event).toBe('evidence-requested')
    expect(listDocuments(ws, caseId).map((document) => document.type)).toEqual(['penalty-decision', 'evidence-request', 'service-receipt'])
  })

  it('refuses to serve or approve a voided document', () => {
    const {ws, caseId, decision} = setup()
    voidDocument(ws, caseId, decision.id, {reason: '金额有误'})
    expect(refusalOf(() => approveDocument(ws.as('刘强'), caseId, decision.id, {by: '刘强', role: 'review'})).code).toBe('DOC_VOIDED')
    expect(refusalOf(() => serveDocument(ws, caseId, decision.id, {method: 'direct', to: '王某'})).code).toBe('DOC_VOIDED')
  })

  it('refuses a service time in the future', () => {
    const {ws, caseId} = setup()
    const request = fillDocument(ws, caseId, 'evidence-request', {data: exampleData('evidence-request')})
    expect(refusalOf(() => serveDocument(ws, caseId, request.id, {at: '2098-12-31', method: 'mail', to: '王某'})).code).toBe('DATE_IN_FUTURE')
  })
})
