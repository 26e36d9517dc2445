import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {CaseItem} from '../../src/access/case-items.js'
import {denyCopy, getCopyRequest, grantCopy, requestCopy, requireUsableApproval} from '../../src/access/copy-approval.js'
import {activeMarkList, activeMarks, listMarks, markItems, unmarkItem} from '../../src/access/marks.js'
import {addPerson} from '../../src/people/roles.js'
import {createCase} from '../../src/cases/case-service.js'
import type {Workspace} from '../../src/workspace/workspace.js'
import {listAudit} from '../../src/platform/db/audit-chain.js'
import {OFFICERS, workspaceWithCase} from '../helpers/workspace-builder.js'
import {addItem} from './fixture.js'
import {refusalOf} from '../helpers/refusal.js'

describe('copy approval and confidentiality marks', () => {
  let ws: Workspace
  let caseId: string
  let items: CaseItem[]

  beforeEach(() => {
    ;({caseId, ws} = workspaceWithCase())
    addPerson(ws, {name: '王强', roles: ['head']})
    addPerson(ws, {name: '刘芳', roles: ['head']})
    items = [
      addItem(ws, caseId, 'document', `${caseId}-D01`, 'penalty-decision.docx', Buffer.from('决定书'), '行政处罚决定书 珠卫罚〔2026〕1号'),
      addItem(ws, caseId, 'media', `${caseId}-M001`, 'IMG_0001.jpg', Buffer.from('照片')),
      addItem(ws, caseId, 'media', `${caseId}-M002`, 'VID_0002.mp4', Buffer.from('视频')),
    ]
  })
  afterEach(() => ws.close())

  it('numbers requests CR-YYYY-NNNN and resolves short ids and aliases', () => {
    const first = requestCopy(ws.as('张伟'), {caseId, items: ['D01', 'IMG_0001.jpg'], purpose: '行政复议', requestedBy: '张伟'}, items)
    const second = requestCopy(ws.as('李娜'), {all: true, caseId, purpose: '法院调卷', requestedBy: '李娜'}, items)
    expect(first.id).toMatch(/^CR-\d{4}-0001$/)
    expect(second.id).toMatch(/^CR-\d{4}-0002$/)
    expect(first.items).toEqual([`${caseId}-D01`, `${caseId}-M001`])
    expect(second.items).toHaveLength(3)
    expect(first.status).toBe('pending')
    expect(refusalOf(() => requestCopy(ws.as('张伟'), {caseId, items: ['M999'], purpose: 'x', requestedBy: '张伟'}, items)).code).toBe('ITEM_NOT_FOUND')
    expect(refusalOf(() => requestCopy(ws.as('张伟'), {caseId, purpose: 'x', requestedBy: '张伟'}, items)).code).toBe('ITEMS_OR_ALL')
  })

  it('lets only a head who is not the requester decide, once, and audits the decision', () => {
    const request = requestCopy(ws.as('王强'), {all: true, caseId, purpose: '行政复议', requestedBy: '王强'}, items)
    expect(refusalOf(() => grantCopy(ws.as('张伟'), request.id, {by: '张伟'})).code).toBe('ROLE_REQUIRED')
    const self = refusalOf(() => grantCopy(ws.as('王强'), request.id, {by: '王强'}))
    expect([self.kind, self.code]).toEqual(['forbidden', 'GRANTOR_IS_REQUESTER'])
    const granted = grantCopy(ws.as('刘芳'), request.id, {by: '刘芳', expires: '2099-12-31'})
    expect(granted.status).toBe('granted')
    expect(granted.decision).toMatchObject({by: '刘芳', expires: '2099-12-31T23:59:59+08:00', includeConfidential: false, repeatable: false})
    expect(refusalOf(() => denyCopy(ws.as('刘芳'), request.id, {by: '刘芳', reason: '改变主意'})).code).toBe('REQUEST_ALREADY_DECIDED')
    expect(listAudit(ws.db, {action: 'copy'}).map((row) => row.action)).toEqual(['copy.request', 'copy.grant'])
  })

  it('refuses each unusable approval with its own code', () => {
    const denied = requestCopy(ws.as('张伟'), {all: true, caseId, purpose: 'a', requestedBy: '张伟'}, items)
    denyCopy(ws.as('王强'), denied.id, {by: '王强', reason: '用途不明'})
    const pending = requestCopy(ws.as('张伟'), {all: true, caseId, purpose: 'b', requestedBy: '张伟'}, items)
    const expiring = requestCopy(ws.as('张伟'), {all: true, caseId, purpose: 'c', requestedBy: '张伟'}, items)
    const grantTime = new Date('2026-03-01T00:00:00Z')
    grantCopy(ws.as('王强'), expiring.id, {by: '王强', expires: '2026-03-02'}, grantTime)
    const other = createCase(ws, {officers: OFFICERS, party: {address: null, idNumber: null, name: '某公司'}, procedure: 'inspection', title: '日常检查'})
    const codeOf = (id: string | undefined, at = new Date()) => refusalOf(() => requireUsableApproval(ws, id, caseId, 'export', at)).code
    expect(codeOf(undefined)).toBe('APPROVAL_REQUIRED')
    expect(codeOf('CR-1999-0001')).toBe('APPROVAL_NOT_FOUND')
    expect(codeOf(denied.id)).toBe('APPROVAL_DENIED')
    expect(codeOf(pending.id)).toBe('APPROVAL_PENDING')
    expect(requireUsableApproval(ws, expiring.id, caseId, 'export', new Date('2026-03-02T15:59:00Z')).id).toBe(expiring.id)
    expect(codeOf(expiring.id, new Date('2026-03-02T16:00:01Z'))).toBe('APPROVAL_EXPIRED')
    const otherCase = refusalOf(() => requireUsableApproval(ws, expiring.id, other.id, 'export', grantTime))
    expect([otherCase.kind, otherCase.code]).toEqual(['forbidden', 'APPROVAL_OTHER_CASE'])
    expect(getCopyRequest(ws, expiring.id, new Date('2026-03-03T00:00:00Z')).status).toBe('expired')
  })

  it('keeps marks as rows and removes one only under a grant that covers it and includes confidential items', () => {
    markItems(ws, {caseId, class: 'privacy', reason: '含当事人身份证号', refs: ['M001']}, items)
    markItems(ws, {caseId, class: '商业秘密', reason: '配方', refs: ['D01']}, items)
    expect(refusalOf(() => markItems(ws, {caseId, class: 'state-secret', reason: 'x', refs: ['M001']}, items)).code).toBe('ALREADY_MARKED')
    expect(refusalOf(() => markItems(ws, {caseId, class: 'secret', reason: 'x', refs: ['M002']}, items)).code).toBe('MARK_CLASS_UNKNOWN')
    const marks = activeMarks(ws, caseId)
    expect(marks.get(`${caseId}-M001`)).toMatchObject({by: '张伟', class: 'privacy', className: '个人隐私', reason: '含当事人身份证号'})
    expect(marks.get(`${caseId}-D01`)?.class).toBe('commercial-secret')
    expect(activeMarkList(ws, caseId).map((mark) => [mark.item, mark.kind, mark.class])).toEqual([
      [`${caseId}-D01`, 'document', 'commercial-secret'],
      [`${caseId}-M001`, 'media', 'privacy'],
    ])

    const unmark = (approval?: string) => refusalOf(() => unmarkItem(ws.as('王强'), {approval, caseId, reason: '已脱敏', ref: 'M001'}, items))
    expect([unmark().kind, unmark().code]).toEqual(['forbidden', 'APPROVAL_REQUIRED'])
    const narrow = requestCopy(ws.as('张伟'), {caseId, items: ['M002'], purpose: '复议', requestedBy: '张伟'}, items)
    grantCopy(ws.as('王强'), narrow.id, {by: '王强', includeConfidential: true})
    expect(unmark(narrow.id).code).toBe('APPROVAL_NOT_COVERING')
    const plain = requestCopy(ws.as('张伟'), {caseId, items: ['M001'], purpose: '复议', requestedBy: '张伟'}, items)
    grantCopy(ws.as('王强'), plain.id, {by: '王强'})
    expect(unmark(plain.id).code).toBe('APPROVAL_EXCLUDES_CONFIDENTIAL')
    const full = requestCopy(ws.as('张伟'), {caseId, items: ['M001'], purpose: '复议', requestedBy: '张伟'}, items)
    grantCopy(ws.as('王强'), full.id, {by: '王强', includeConfidential: true})
    const removed = unmarkItem(ws.as('王强'), {approval: full.id, caseId, reason: '已脱敏', ref: 'M001'}, items)
    expect(removed.removed.class).toBe('privacy')
    expect(activeMarks(ws, caseId).has(`${caseId}-M001`)).toBe(false)
    expect(listMarks(ws, caseId).map((event) => [event.itemId, event.action, event.approval])).toEqual([
      [`${caseId}-M001`, 'mark', null],
      [`${caseId}-D01`, 'mark', null],
      [`${caseId}-M001`, 'unmark', full.id],
    ])
    expect(listAudit(ws.db, {action: 'unmark'})[0].details).toMatchObject({approval: full.id, grantor: '王强'})
    expect(() => ws.db.run('UPDATE marks SET class = ?', 'privacy')).toThrow(/只增记录/)
  })
})
