import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {createCase, effectiveEvents} from '../../src/cases/case-service.js'
import {approveDocument} from '../../src/documents/document-actions.js'
import {fillDocument} from '../../src/documents/fill-document.js'
import {addPerson} from '../../src/people/roles.js'
import {openWorkspace} from '../../src/workspace/workspace.js'
import {initWorkspace} from '../../src/workspace/init-workspace.js'
import {exampleData} from '../helpers/workspace-builder.js'
import {makeCase, makeWorkspace, runCli} from '../helpers/cli.js'

const OFFICERS = [
  {certNo: '44010020260001', name: '张伟'},
  {certNo: '44010020260002', name: '李娜'},
]

describe('case new records 立案, the party type and the offence date', () => {
  it('立案 is recorded with the case; a later `case event filed --at` corrects it instead of doubling it', async () => {
    const workspace = await makeWorkspace()
    const caseId = await makeCase(workspace, 'penalty-general', ['--party-type', 'organization', '--filed-at', '2026-03-02T09:00', '--offence-date', '2026-02-20'])
    const shown = await runCli(['case', 'show', caseId, '--workspace', workspace, '--json'])
    expect(shown.json.parties[0].type).toBe('organization')
    const corrected = await runCli(['case', 'event', caseId, 'filed', '--at', '2026-03-03T10:00', '--workspace', workspace, '--json'])
    expect(corrected.exitCode, corrected.stderr).toBe(0)
    expect(corrected.json.supersedes).not.toBeNull()
    const ws = openWorkspace({workspace})
    try {
      const steps = effectiveEvents(ws, caseId).map((event) => `${event.event}@${event.at.slice(0, 10)}`)
      expect(steps).toEqual(['offence-committed@2026-02-20', 'filed@2026-03-03'])
    } finally {
      ws.close()
    }

    const unknownType = await runCli(['case', 'new', '--workspace', workspace, '--procedure', 'penalty-summary', '--title', 'x', '--party', 'y', '--party-type', 'robot', '--json'])
    expect(unknownType.exitCode).toBe(2)
    expect(unknownType.json.error).toMatchObject({code: 'CASE_INPUT_INVALID', message: expect.stringContaining('收到「robot」')})
  })

  it.each([
    ['单位', 'organization'],
    ['法人', 'organization'],
    ['个人', 'person'],
    ['公民', 'person'],
  ])('--party-type %s is taken as %s, the words document data accepts', async (word, type) => {
    const workspace = await makeWorkspace()
    const caseId = await makeCase(workspace, 'penalty-summary', ['--party-type', word])
    const shown = await runCli(['case', 'show', caseId, '--workspace', workspace, '--json'])
    expect(shown.json.parties[0].type).toBe(type)
  })
})

describe('documents the law rules out are refused before anything is written', () => {
  const setUp = () => {
    const root = join(mkdtempSync(join(tmpdir(), 'zfjl-serve-')), 'ws')
    const ws = initWorkspace({code: '珠卫', dir: root, identity: 'declared', officer: '张伟', officers: OFFICERS, unit: '珠晖区卫生健康局'})
    addPerson(ws, {name: '赵敏', roles: ['reviewer']})
    addPerson(ws, {name: '周强', roles: ['approver']})
    return {root, ws}
  }

  it('行政处罚法 第五十一条: a 500 元 当场处罚 on a 公民 is refused', () => {
    const {ws} = setUp()
    try {
      const person = createCase(ws, {officers: OFFICERS, party: {address: null, idNumber: null, name: '王某', type: 'person'}, procedure: 'penalty-summary', title: '测试'}).id
      // The party's type comes from the case, so the example's own partyType is left out.
      const example = Object.fromEntries(Object.entries(exampleData('summary-penalty-decision')).filter(([key]) => key !== 'partyType'))
      const data = {...example, fineAmount: 500}
      expect(() => fillDocument(ws, person, 'summary-penalty-decision', {data, date: '2026-03-02'})).toThrow(/不得超过200元/)
      const organization = createCase(ws, {officers: OFFICERS, party: {address: null, idNumber: null, name: '某店', type: 'organization'}, procedure: 'penalty-summary', title: '测试'}).id
      expect(fillDocument(ws, organization, 'summary-penalty-decision', {data, date: '2026-03-02'}).fields.fineAmount).toBe(500)
    } finally {
      ws.close()
    }
  })

  it('公告送达 needs a reason; electronic service of a decision needs consent; a 催告书 is never served electronically', async () => {
    const {root, ws} = setUp()
    let caseId: string
    let decision: string
    let reminder: string
    try {
      caseId = createCase(ws, {filedAt: '2026-03-02', officers: OFFICERS, party: {address: null, idNumber: null, name: '某店', type: 'organization'}, procedure: 'penalty-general', title: '测试'}).id
      const approve = (id: string) => {
        approveDocument(ws.as('赵敏'), caseId, id, {at: '2026-04-08T11:00', by: '赵敏', role: 'review'})
        approveDocument(ws.as('周强'), caseId, id, {at: '2026-04-08T11:30', by: '周强', role: 'approve'})
      }

      decision = fillDocument(ws, caseId, 'penalty-decision', {data: exampleData('penalty-decision'), date: '2026-04-08'}).id
      approve(decision)
      reminder = fillDocument(ws, caseId, 'payment-reminder', {data: exampleData('payment-reminder'), date: '2026-04-08'}).id
      approve(reminder)
    } finally {
      ws.close()
    }

    const serve = (doc: string, ...extra: string[]) => runCli(['doc', 'serve', caseId, doc, '--to', '某店', '--at', '2026-04-09T10:00', ...extra, '--workspace', root, '--officer', '张伟', '--json'])
    const noReason = await serve(decision, '--method', 'public')
    expect([noReason.exitCode, noReason.json.error.code]).toEqual([2, 'PUBLIC_SERVICE_REASON_REQUIRED'])
    const noConsent = await serve(decision, '--method', 'electronic')
    expect([noConsent.exitCode, noConsent.json.error.code]).toEqual([5, 'ELECTRONIC_SERVICE_NO_CONSENT'])
    const electronicReminder = await serve(reminder, '--method', 'electronic')
    expect([electronicReminder.exitCode, electronicReminder.json.error.code]).toEqual([5, 'SERVICE_METHOD_NOT_ALLOWED'])

    expect((await runCli(['case', 'event', caseId, 'electronic-service-consented', '--at', '2026-04-08', '--workspace', root, '--officer', '张伟', '--json'])).exitCode).toBe(0)
    const consented = await serve(decision, '--method', 'electronic')
    expect(consented.exitCode, consented.stderr).toBe(0)
    expect(consented.json.event.event).toBe('decision-served')
  })
})
