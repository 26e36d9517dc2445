import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {createCase, recordEvent} from '../../src/cases/case-service.js'
import {approveDocument, serveDocument} from '../../src/documents/document-actions.js'
import {fillDocument} from '../../src/documents/fill-document.js'
import {addPerson} from '../../src/people/roles.js'
import type {DocumentRecord} from '../../src/workspace/records.js'
import {type Workspace} from '../../src/workspace/workspace.js'
import {initWorkspace} from '../../src/workspace/init-workspace.js'
import {exampleData} from '../helpers/workspace-builder.js'
import {runCli} from '../helpers/cli.js'

interface JsonFinding {
  case: string
  rule: string
  severity: string
  kind: string
  subject: string | null
  article: string
  due: string | null
  message: string
}

const OFFICERS = [
  {certNo: '44010020260001', name: '张伟'},
  {certNo: '44010020260002', name: '李娜'},
]

const makeWorkspace = (): {ws: Workspace; root: string} => {
  const root = join(mkdtempSync(join(tmpdir(), 'zfjl-cross-')), 'ws')
  const ws = initWorkspace({code: '珠卫', dir: root, identity: 'declared', officer: '张伟', officers: OFFICERS, unit: '珠晖区卫生健康局'})
  addPerson(ws, {name: '赵敏', roles: ['reviewer']})
  addPerson(ws, {name: '周强', roles: ['approver']})
  return {root, ws}
}

const newCase = (ws: Workspace): string =>
  createCase(ws, {
    filedAt: '2026-03-02T08:30',
    offenceDate: '2026-02-20',
    officers: OFFICERS,
    party: {address: '衡阳市珠晖区东风路1号', idNumber: '91430405MA4L000000', name: '衡阳市某某足浴店', type: 'organization'},
    procedure: 'penalty-general',
    title: '未取得卫生许可证从事公共场所经营活动',
  }).id

const fill = (ws: Workspace, caseId: string, type: string, date: string, set: Record<string, string> = {}): DocumentRecord =>
  fillDocument(ws, caseId, type, {data: exampleData(type), date, set})

const approveAndServe = (ws: Workspace, caseId: string, document: DocumentRecord, day: string, servedAt: string): void => {
  approveDocument(ws.as('赵敏'), caseId, document.id, {at: `${day}T11:00`, by: '赵敏', role: 'review'})
  approveDocument(ws.as('周强'), caseId, document.id, {at: `${day}T11:30`, by: '周强', role: 'approve'})
  serveDocument(ws, caseId, document.id, {at: servedAt, method: 'direct', to: '衡阳市某某足浴店'})
}

const checkJson = async (root: string, args: string[]): Promise<{exitCode: number; findings: JsonFinding[]}> => {
  const result = await runCli(['check', ...args, '--as-of', '2026-04-30', '--workspace', root, '--officer', '张伟', '--json'])
  expect(result.json, result.stderr).toBeDefined()
  return {exitCode: result.exitCode, findings: result.json.findings as JsonFinding[]}
}

const keyOf = (finding: JsonFinding) => `${finding.rule}:${finding.subject}:${finding.article}`

describe('check on a realistic cross-procedure case', () => {
  it('a penalty case with seizure, sampling and a hearing finds exactly its missing recordings', async () => {
    const {root, ws} = makeWorkspace()
    const caseId = newCase(ws)
    try {
      recordEvent(ws, caseId, 'platform-filed', {at: '2026-03-04T16:00'})
      fill(ws, caseId, 'onsite-record', '2026-03-02')
      fill(ws, caseId, 'sampling-record', '2026-03-02')
      const seizure = fill(ws, caseId, 'seizure-decision', '2026-03-02')
      approveAndServe(ws, caseId, seizure, '2026-03-02', '2026-03-02T14:00')
      fill(ws, caseId, 'seizure-list', '2026-03-02', {attachedDocNo: seizure.number ?? ''})
      const disposal = fill(ws, caseId, 'seizure-disposal', '2026-03-16', {measureDocNo: seizure.number ?? ''})
      approveAndServe(ws, caseId, disposal, '2026-03-16', '2026-03-16T15:00')
      const notice = fill(ws, caseId, 'penalty-prior-notice', '2026-03-17')
      approveAndServe(ws, caseId, notice, '2026-03-17', '2026-03-18T10:00')
      // The party's request and the notice of the hearing have no 文书 of their own in the catalog.
      recordEvent(ws, caseId, 'hearing-requested', {at: '2026-03-19T09:00'})
      recordEvent(ws, caseId, 'hearing-notified', {at: '2026-03-20T10:00'})
      fill(ws, caseId, 'penalty-hearing-record', '2026-04-01', {endTime: '2026-04-01T10:30', startTime: '2026-04-01T09:00'})
      const decision = fill(ws, caseId, 'penalty-decision', '2026-04-08', {caseOpenDate: '2026-03-02', noticeDocNo: notice.number ?? '', noticeServedDate: '2026-03-18'})
      approveAndServe(ws, caseId, decision, '2026-04-08', '2026-04-09T10:00')
      recordEvent(ws, caseId, 'fine-paid', {at: '2026-04-15T10:00'})
      recordEvent(ws, caseId, 'closed', {at: '2026-04-20T10:00'})
      recordEvent(ws, caseId, 'platform-closed', {at: '2026-04-22T10:00'})
    } finally {
      ws.close()
    }

    const {exitCode, findings} = await checkJson(root, [caseId])
    expect(exitCode).toBe(1)
    for (const finding of findings) expect(Object.keys(finding).sort()).toEqual(['article', 'case', 'due', 'kind', 'message', 'rule', 'severity', 'subject'])
    // No recording was imported, so every AV duty of the steps this case recorded is missing — across
    // procedures: the inspection, sampling and seizure steps owe theirs in a penalty case too. Nothing else.
    expect(findings.map(keyOf).sort()).toEqual(
      [
        'av-full-record:decision-served:本办法第三十条',
        'av-full-record:hearing-held:本办法第二十八条',
        'av-full-record:prior-notice-served:本办法第二十七条',
        'av-full-record:seizure:本办法第三十八条',
        'av-record:onsite-inspection:本办法第三十五条',
        'av-record:sampling:本办法第三十七条',
        'av-record:seizure-disposed:本办法第三十九条',
      ].sort(),
    )
  })

  it('a case built only from documents raises the same duties and periods as one built from events', async () => {
    const {root, ws} = makeWorkspace()
    const fromDocuments = newCase(ws)
    const fromEvents = newCase(ws)
    try {
      fill(ws, fromDocuments, 'onsite-record', '2026-03-02')
      fill(ws, fromDocuments, 'sampling-record', '2026-03-02')
      fill(ws, fromDocuments, 'sampling-record', '2026-03-02')
      fill(ws, fromDocuments, 'seizure-list', '2026-03-02')
      fill(ws, fromDocuments, 'inquiry-record', '2026-03-10')
      fill(ws, fromDocuments, 'correction-order', '2026-03-05')
      const decision = fill(ws, fromDocuments, 'penalty-decision', '2026-04-08')
      // A paper 送达回证 filled by hand records the service of the decision it names.
      fill(ws, fromDocuments, 'service-receipt', '2026-04-09', {docNo: decision.number ?? '', servedAt: '2026-04-09T10:00'})

      for (const [event, at] of [
        ['onsite-inspection', '2026-03-02T09:30'],
        ['sampling', '2026-03-02T10:00'],
        ['seizure', '2026-03-02'],
        ['inquiry', '2026-03-10T09:30'],
        ['correction-ordered', '2026-03-05'],
        ['decision-made', '2026-04-08'],
        ['decision-served', '2026-04-09T10:00'],
      ]) {
        recordEvent(ws, fromEvents, event, {at})
      }

      // 改正期限届满 is a date the order sets; a user records it as a step of its own.
      recordEvent(ws, fromEvents, 'correction-due', {at: '2026-03-20'})
    } finally {
      ws.close()
    }

    const documentsOnly = await checkJson(root, [fromDocuments])
    const eventsOnly = await checkJson(root, [fromEvents])
    const duties = (findings: JsonFinding[]) => findings.filter((finding) => finding.kind === 'av' || finding.kind === 'deadline').map(keyOf).sort()
    expect(duties(documentsOnly.findings)).toEqual(duties(eventsOnly.findings))
    // Among them: the 期满核查 the 责令改正通知书's deadline starts (本办法第二十二条) and the seizure's 全程音像.
    expect(duties(documentsOnly.findings)).toEqual(expect.arrayContaining(['av-full-record:seizure:本办法第三十八条', 'av-record:sampling:本办法第三十七条']))
    expect(documentsOnly.findings.some((finding) => finding.rule === 'correction-check')).toBe(true)
    // The hand-filled receipt is the decision's 送达回证: no 「没有送达回证」 and no late-service finding.
    expect(documentsOnly.findings.filter((finding) => finding.rule === 'service-receipt' || finding.rule === 'decision-service')).toEqual([])

    const deadlines = async (caseId: string) => {
      const result = await runCli(['deadlines', caseId, '--as-of', '2026-04-30', '--workspace', root, '--officer', '张伟', '--json'])
      return (result.json.deadlines as Array<{rule: string; due: string | null; status: string}>).map((row) => `${row.rule}:${row.due}:${row.status}`)
    }

    expect(await deadlines(fromDocuments)).toEqual(await deadlines(fromEvents))
  })
})
