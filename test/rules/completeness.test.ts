import {describe, expect, it} from 'vitest'

import type {ProcedureId} from '../../src/law/procedures.js'
import {WorkingDayCalendar} from '../../src/rules/working-day-calendar.js'
import type {ApprovalRecord, DocumentRecord, EventRecord, MediaKind, MediaRecord, ServiceRecord} from '../../src/workspace/records.js'
import {type CaseFacts, evaluateCase, type Finding} from '../../src/rules/completeness.js'
import {DEADLINE_RULES} from '../../src/law/deadline-rules.js'
import type {DeadlineContext} from '../../src/rules/deadlines.js'
import {DEFAULT_POLICY} from '../../src/workspace/config.js'

const CASE_ID = '2026-0001'

const context = (asOf: string): DeadlineContext => ({
  asOf,
  asOfInstant: new Date(`${asOf}T23:59:59+08:00`),
  calendar: new WorkingDayCalendar(),
  policy: DEFAULT_POLICY,
  rules: DEADLINE_RULES,
  soonDays: 3,
  timezone: '+08:00',
})

const event = (name: string, at: string, id = 0): EventRecord => ({
  actor: '张伟',
  at,
  caseId: CASE_ID,
  event: name,
  id,
  note: null,
  reason: null,
  recordedAt: at,
  source: 'manual',
  supersedes: null,
})

const document = (
  id: string,
  type: string,
  extra: {approvals?: ApprovalRecord[]; services?: ServiceRecord[]; fields?: Record<string, unknown>; voided?: DocumentRecord['voided']} = {},
): DocumentRecord => ({
  approvals: extra.approvals ?? [],
  caseId: CASE_ID,
  docDate: '2026-03-02',
  draftedAt: '2026-03-02T09:00:00+08:00',
  draftedBy: '张伟',
  fields: extra.fields ?? {},
  file: `cases/${CASE_ID}/documents/${id}.docx`,
  id,
  name: type,
  number: null,
  services: extra.services ?? [],
  sha256: '0'.repeat(64),
  sm3: '0'.repeat(64),
  type,
  voided: extra.voided ?? null,
})

const media = (id: string, kind: MediaKind, steps: string[]): MediaRecord => ({
  addedAt: '2026-03-02T09:00:00+08:00',
  addedBy: '张伟',
  capturedAt: null,
  captureSource: null,
  caseId: CASE_ID,
  device: null,
  durationSec: null,
  file: `cases/${CASE_ID}/media/${id}`,
  gps: null,
  height: null,
  id,
  kind,
  make: null,
  model: null,
  officer: null,
  original: id,
  serial: null,
  sha256: '0'.repeat(64),
  size: 1,
  sm3: '0'.repeat(64),
  steps,
  width: null,
})

const facts = (procedure: ProcedureId, parts: Partial<Omit<CaseFacts, 'caseRecord'>>): CaseFacts => ({
  caseRecord: {createdAt: '2026-03-01', createdBy: '张伟', id: CASE_ID, officers: [], parties: [], procedure, status: 'open', title: '测试', year: 2026},
  documents: parts.documents ?? [],
  events: (parts.events ?? []).map((item, index) => ({...item, id: index + 1})),
  media: parts.media ?? [],
})

const rulesOf = (findings: Finding[]) => findings.map((finding) => `${finding.rule}:${finding.subject ?? ''}:${finding.severity}`)

const approved: ApprovalRecord[] = [
  {at: '2026-03-03T09:00:00+08:00', by: '王科长', opinion: '同意', role: 'review'},
  {at: '2026-03-03T10:00:00+08:00', by: '刘局长', opinion: '同意', role: 'approve'},
]

describe('completeness findings', () => {
  it('a step without its document is an error; a voided document does not count', () => {
    const result = evaluateCase(
      facts('penalty-general', {documents: [document('D01', 'correction-order', {voided: {at: '2026-03-03', by: '张伟', reason: '错误'}})], events: [event('correction-ordered', '2026-03-02')]}),
      context('2026-03-03'),
    )
    expect(rulesOf(result.findings)).toContain('step-document:correction-ordered:error')
    expect(result.findings.find((finding) => finding.rule === 'step-document')?.message).toContain('责令（限期）改正通知书')
  })

  it('alternative documents satisfy a step; documents required together do not', () => {
    const sampling = evaluateCase(
      facts('inspection', {documents: [document('D01', 'non-sample-record')], events: [event('sampling', '2026-03-02')], media: [media('M1', 'video', ['sampling'])]}),
      context('2026-03-03'),
    )
    expect(rulesOf(sampling.findings).filter((rule) => rule.startsWith('step-document'))).toEqual([])
    const seizure = evaluateCase(
      facts('coercion', {documents: [document('D01', 'seizure-decision', {approvals: approved})], events: [event('seizure', '2026-03-02')]}),
      context('2026-03-03'),
    )
    const missing = seizure.findings.filter((finding) => finding.rule === 'step-document')
    expect(missing).toHaveLength(1)
    expect(missing[0].message).toContain('物品清单')
  })

  it('AV duties: any audio/video for av, a video for av-full', () => {
    const events = [event('investigation', '2026-03-02'), event('inquiry', '2026-03-03')]
    const documents = [document('D01', 'inquiry-record')]
    const none = evaluateCase(facts('penalty-general', {documents, events}), context('2026-03-04'))
    expect(rulesOf(none.findings)).toEqual(expect.arrayContaining(['av-record:investigation:error', 'av-full-record:inquiry:error']))
    expect(none.avDuties).toEqual({covered: 0, required: 2})

    const audioOnly = evaluateCase(
      facts('penalty-general', {documents, events, media: [media('M1', 'audio', ['investigation', 'inquiry']), media('M2', 'photo', ['inquiry'])]}),
      context('2026-03-04'),
    )
    expect(rulesOf(audioOnly.findings)).not.toContain('av-record:investigation:error')
    expect(audioOnly.findings.find((finding) => finding.rule === 'av-full-record')?.message).toContain('只关联了录音')
    expect(audioOnly.avDuties).toEqual({covered: 1, required: 2})

    const video = evaluateCase(facts('penalty-general', {documents, events, media: [media('M1', 'video', ['investigation', 'inquiry'])]}), context('2026-03-04'))
    expect(video.findings.filter((finding) => finding.kind === 'av')).toEqual([])
    expect(video.avDuties).toEqual({covered: 2, required: 2})
  })

  it('av-full: a timed video that does not span the step is a warning', () => {
    const events = [event('inquiry', '2026-03-03T14:30:00+08:00')]
    const documents = [document('D01', 'inquiry-record')]
    const timed = (capturedAt: string, durationSec: number): MediaRecord => ({...media('M1', 'video', ['inquiry']), capturedAt, durationSec})
    const covering = evaluateCase(facts('penalty-general', {documents, events, media: [timed('2026-03-03T14:25:00+08:00', 1800)]}), context('2026-03-04'))
    expect(covering.findings.filter((finding) => finding.kind === 'av')).toEqual([])
    const elsewhere = evaluateCase(facts('penalty-general', {documents, events, media: [timed('2026-03-03T09:00:00+08:00', 600)]}), context('2026-03-04'))
    expect(rulesOf(elsewhere.findings)).toEqual(['av-full-coverage:inquiry:warning'])
    expect(elsewhere.avDuties).toEqual({covered: 1, required: 1})
  })

  it('集体讨论记录 must carry the 第二十九条 fields', () => {
    const complete = {
      attendees: [{name: '刘局长', position: '局长'}],
      chair: '刘局长',
      chairPosition: '局长',
      conclusion: '给予警告并罚款',
      opinions: [{opinion: '同意', speaker: '刘局长'}],
      place: '三楼会议室',
      recorder: '张伟',
      recorderPosition: '科员',
      startTime: '2026-03-05T09:00:00+08:00',
    }
    const ok = evaluateCase(facts('penalty-general', {documents: [document('D01', 'collective-discussion', {fields: complete})], events: [event('collective-discussion', '2026-03-05')]}), context('2026-03-06'))
    expect(ok.findings.filter((finding) => finding.rule === 'record-fields')).toEqual([])
    const partial = evaluateCase(
      facts('penalty-general', {documents: [document('D01', 'collective-discussion', {fields: {...complete, opinions: [], recorderPosition: ' '}})], events: [event('collective-discussion', '2026-03-05')]}),
      context('2026-03-06'),
    )
    const finding = partial.findings.find((candidate) => candidate.rule === 'record-fields')
    expect(finding).toMatchObject({article: '本办法第二十九条', kind: 'document', severity: 'error', subject: 'D01'})
    expect(finding?.message).toContain('记录人员姓名及职务')
    expect(finding?.message).toContain('参加讨论人员的主要观点和意见')
  })

  it('documents that need approval: missing before service is an error, approval after service too', () => {
    const service: ServiceRecord = {at: '2026-03-04T10:00:00+08:00', method: 'direct', receiptDocId: 'D09', to: '某某足浴店'}
    const receipt = document('D09', 'service-receipt')
    const unapproved = evaluateCase(facts('penalty-general', {documents: [document('D01', 'penalty-prior-notice'), receipt]}), context('2026-03-04'))
    expect(rulesOf(unapproved.findings)).toContain('approval-missing:D01:warning')
    const servedUnapproved = evaluateCase(facts('penalty-general', {documents: [document('D01', 'penalty-prior-notice', {approvals: approved.slice(0, 1), services: [service]}), receipt]}), context('2026-03-04'))
    expect(servedUnapproved.findings.find((finding) => finding.rule === 'approval-missing')).toMatchObject({severity: 'error'})
    expect(servedUnapproved.findings.find((finding) => finding.rule === 'approval-missing')?.message).toContain('未经批准即已送达')
    const lateApproval = evaluateCase(
      facts('penalty-general', {documents: [document('D01', 'penalty-prior-notice', {approvals: approved, services: [{...service, at: '2026-03-03T09:30:00+08:00'}]}), receipt]}),
      context('2026-03-04'),
    )
    expect(rulesOf(lateApproval.findings)).toContain('approval-after-service:D01:error')
    const fine = evaluateCase(facts('penalty-general', {documents: [document('D01', 'penalty-prior-notice', {approvals: approved, services: [service]}), receipt]}), context('2026-03-04'))
    expect(fine.findings.filter((finding) => finding.kind === 'approval' || finding.rule === 'service-receipt')).toEqual([])
  })

  it('a served document needs a 送达回证 that exists', () => {
    const service: ServiceRecord = {at: '2026-03-04', method: 'direct', receiptDocId: null, to: '某某足浴店'}
    const none = evaluateCase(facts('inspection', {documents: [document('D01', 'sample-confirmation', {services: [service]})]}), context('2026-03-04'))
    expect(rulesOf(none.findings)).toContain('service-receipt:D01:error')
    const dangling = evaluateCase(facts('inspection', {documents: [document('D01', 'sample-confirmation', {services: [{...service, receiptDocId: 'D77'}]})]}), context('2026-03-04'))
    expect(dangling.findings.find((finding) => finding.rule === 'service-receipt')?.message).toContain('D77')
  })

  it('order: decision before prior notice, decision inside the statement period, closing before service', () => {
    const result = evaluateCase(
      facts('penalty-general', {
        events: [event('filed', '2026-03-02'), event('platform-filed', '2026-03-02'), event('decision-made', '2026-03-03'), event('closed', '2026-03-04')],
      }),
      context('2026-03-05'),
    )
    expect(rulesOf(result.findings)).toEqual(expect.arrayContaining(['order-decision-after-prior-notice:decision-made:error', 'order-closed-after-decision-served:closed:error']))
    const early = evaluateCase(
      facts('penalty-general', {events: [event('prior-notice-served', '2026-03-02'), event('decision-made', '2026-03-04')]}),
      context('2026-03-05'),
    )
    const premature = early.findings.find((finding) => finding.rule === 'statement-period')
    expect(premature).toMatchObject({due: '2026-03-05', kind: 'order', severity: 'error'})
    expect(rulesOf(early.findings)).not.toContain('order-decision-after-prior-notice:decision-made:error')
  })

  it('deadline rows become findings: overdue error, due-soon and met-late warnings, party duties warnings', () => {
    const result = evaluateCase(
      facts('penalty-general', {
        events: [event('filed', '2026-03-02'), event('platform-filed', '2026-03-10'), event('decision-served', '2026-03-02'), event('preservation', '2026-03-12')],
      }),
      context('2026-03-20'),
    )
    const byRule = new Map(result.findings.map((finding) => [finding.rule, finding]))
    expect(byRule.get('platform-entry-filed')).toMatchObject({due: '2026-03-09', kind: 'platform', severity: 'warning'})
    expect(byRule.get('fine-payment')).toMatchObject({due: '2026-03-17', kind: 'deadline', severity: 'warning'})
    expect(byRule.get('preservation-disposal')).toMatchObject({due: '2026-03-23', severity: 'warning'})
    expect(byRule.get('preservation-disposal')?.message).toContain('将于')
    const overdue = evaluateCase(facts('penalty-general', {events: [event('filed', '2026-03-02')]}), context('2026-03-20'))
    expect(overdue.findings[0]).toMatchObject({due: '2026-03-09', kind: 'platform', rule: 'platform-entry-filed', severity: 'error'})
  })

  it('第三十六条: an inspection without a platform upload is a warning', () => {
    const result = evaluateCase(facts('inspection', {documents: [document('D01', 'onsite-record')], events: [event('onsite-inspection', '2026-03-02')], media: [media('M1', 'video', ['onsite-inspection'])]}), context('2026-03-03'))
    expect(rulesOf(result.findings)).toEqual(['platform-mobile-sync:platform-uploaded:warning'])
  })

  it('a complete case has no findings', () => {
    const result = evaluateCase(
      facts('penalty-summary', {
        documents: [document('D01', 'summary-penalty-decision')],
        events: [event('summary-decision', '2026-03-02'), event('platform-uploaded', '2026-03-03'), event('fine-paid', '2026-03-06')],
        media: [media('M1', 'video', ['summary-decision'])],
      }),
      context('2026-03-20'),
    )
    expect(result.findings).toEqual([])
  })
})
