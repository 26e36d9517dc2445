import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {DEADLINE_RULES, loadDeadlineRules} from '../../src/law/deadline-rules.js'
import type {ProcedureId} from '../../src/law/procedures.js'
import {type CaseFacts, type CheckedDocument, type CheckedMedia, evaluateCase, type Finding} from '../../src/rules/completeness.js'
import type {DeadlineContext} from '../../src/rules/deadlines.js'
import {WorkingDayCalendar} from '../../src/rules/working-day-calendar.js'
import {DEFAULT_POLICY} from '../../src/workspace/config.js'
import type {PartyRecord, ServiceRecord} from '../../src/workspace/records.js'
import {makeTempDir} from '../helpers/cli.js'

// Each case below is built from the wording of the article it cites (and the examples of issue 14).

const context = (asOf: string, overrides: Partial<DeadlineContext> = {}): DeadlineContext => ({
  asOf,
  asOfInstant: new Date(`${asOf}T23:59:59+08:00`),
  calendar: new WorkingDayCalendar(),
  policy: DEFAULT_POLICY,
  rules: DEADLINE_RULES,
  soonDays: 3,
  timezone: '+08:00',
  ...overrides,
})

const doc = (id: string, type: string, fields: Record<string, unknown> = {}, services: ServiceRecord[] = []): CheckedDocument => ({
  approvals: [
    {at: '2026-01-01', by: '王科长', opinion: null, role: 'review'},
    {at: '2026-01-01', by: '刘局长', opinion: null, role: 'approve'},
  ],
  fields,
  id,
  name: type,
  services,
  type,
  voided: null,
})

const video = (id: string, steps: string[]): CheckedMedia => ({capturedAt: null, durationSec: null, id, kind: 'video', steps})

const facts = (
  procedure: ProcedureId,
  events: Array<[string, string]>,
  parts: {documents?: CheckedDocument[]; media?: CheckedMedia[]; partyType?: PartyRecord['type']} = {},
): CaseFacts => ({
  caseRecord: {
    createdAt: '2026-01-01',
    createdBy: '张伟',
    id: '2026-0001',
    officers: [],
    parties: [{address: null, idNumber: null, name: '某某店', type: parts.partyType ?? null}],
    procedure,
    status: 'open',
    title: '测试',
    year: 2026,
  },
  documents: parts.documents ?? [],
  events: events.map(([event, at], index) => ({at, event, id: index + 1})),
  media: parts.media ?? [],
})

const find = (findings: Finding[], rule: string, subject?: string) =>
  findings.filter((finding) => finding.rule === rule && (subject === undefined || finding.subject === subject))

describe('records raise the duties of their steps (本办法第十、十二、二十一、二十八、三十五、三十七条)', () => {
  it('a 现场笔录 without video: 第三十五条 音像记录 is missing', () => {
    const {findings} = evaluateCase(facts('inspection', [['onsite-inspection', '2026-03-02T09:00']], {documents: [doc('D01', 'onsite-record')]}), context('2026-03-03'))
    expect(find(findings, 'av-record', 'onsite-inspection')).toMatchObject([{article: '本办法第三十五条', severity: 'error'}])
  })

  it('two 采样记录 and no video: one 第三十七条 finding for the sampling', () => {
    const {findings} = evaluateCase(
      facts('inspection', [['sampling', '2026-03-02T10:00']], {documents: [doc('D01', 'sampling-record'), doc('D02', 'sampling-record')]}),
      context('2026-03-03'),
    )
    expect(find(findings, 'av-record', 'sampling')).toMatchObject([{article: '本办法第三十七条'}])
  })

  it('第三十三条 belongs to the inspection that follows a complaint, not to receiving it', () => {
    const complaintOnly = evaluateCase(facts('inspection', [['complaint-received', '2026-03-02']]), context('2026-03-03'))
    expect(complaintOnly.findings.filter((finding) => finding.kind === 'av')).toEqual([])
    const inspected = evaluateCase(
      facts('inspection', [['complaint-received', '2026-03-02'], ['onsite-inspection', '2026-03-03']], {documents: [doc('D01', 'onsite-record')]}),
      context('2026-03-04'),
    )
    expect(find(inspected.findings, 'av-record', 'onsite-inspection')).toMatchObject([{article: '本办法第三十三条、第三十五条'}])
    const filmed = evaluateCase(
      facts('inspection', [['complaint-received', '2026-03-02'], ['onsite-inspection', '2026-03-03']], {documents: [doc('D01', 'onsite-record')], media: [video('M1', ['onsite-inspection'])]}),
      context('2026-03-04'),
    )
    expect(filmed.findings.filter((finding) => finding.kind === 'av')).toEqual([])
  })
})

describe('duties follow every recorded step, across procedures', () => {
  it('a penalty case with 查封扣押, 现场检查, 抽样 and 销毁 needs their documents and recordings', () => {
    const {findings} = evaluateCase(
      facts('penalty-general', [
        ['filed', '2026-03-02'],
        ['onsite-inspection', '2026-03-02'],
        ['sampling', '2026-03-02'],
        ['seizure', '2026-03-02'],
        ['destruction', '2026-03-20'],
      ]),
      context('2026-03-21'),
    )
    const missingDocuments = find(findings, 'step-document').map((finding) => finding.message)
    for (const name of ['实施查封、扣押决定书', '物品清单', '现场笔录', '样品采样记录', '违法物品销毁记录']) {
      expect(missingDocuments.join('\n')).toContain(name)
    }

    expect(find(findings, 'av-full-record', 'seizure')).toMatchObject([{article: '本办法第三十八条'}])
    expect(find(findings, 'av-full-record', 'destruction')).toMatchObject([{article: '本办法第四十条'}])
    expect(find(findings, 'av-record', 'onsite-inspection')).toHaveLength(1)
    expect(find(findings, 'av-record', 'sampling')).toHaveLength(1)
  })
})

describe('the decision waits for the party (行政处罚法 第六十二、六十三、六十四条（一）、第八十五条)', () => {
  const notice = (statementDays: number, hearingNotice?: string) =>
    doc('D01', 'penalty-prior-notice', {hearingNotice: hearingNotice ?? '有权要求听证', statementDays}, [{at: '2026-11-02', method: 'direct', receiptDocId: 'D02', to: '某某店'}])

  it('a notice promising 5 days, served 11-02, decision 11-06: premature under the notice\'s own period', () => {
    const {deadlines, findings} = evaluateCase(
      facts('penalty-general', [['prior-notice-served', '2026-11-02'], ['decision-made', '2026-11-06']], {documents: [notice(5)]}),
      context('2026-11-20'),
    )
    expect(deadlines.find((row) => row.rule === 'statement-period')).toMatchObject({basis: 'document', due: '2026-11-09', limit: 5, status: 'premature'})
    expect(find(findings, 'statement-period', 'decision-made')).toMatchObject([{severity: 'error'}])
    expect(find(findings, 'hearing-window', 'decision-made')[0].article).toContain('第六十四条第（一）项')
  })

  it('recorded waivers end both waits; a notice without a hearing right has no hearing window', () => {
    const waived = evaluateCase(
      facts('penalty-general', [['prior-notice-served', '2026-11-02'], ['statement-waived', '2026-11-03'], ['hearing-waived', '2026-11-03'], ['decision-made', '2026-11-04']], {
        documents: [notice(5)],
      }),
      context('2026-11-20'),
    )
    expect(waived.findings.filter((finding) => ['statement-period', 'hearing-window'].includes(finding.rule))).toEqual([])
    const noHearing = evaluateCase(
      facts('penalty-general', [['prior-notice-served', '2026-11-02'], ['statement-waived', '2026-11-02'], ['decision-made', '2026-11-04']], {documents: [notice(3, '')]}),
      context('2026-11-20'),
    )
    expect(noHearing.deadlines.find((row) => row.rule === 'hearing-window')?.status).toBe('not-applicable')
  })
})

describe('service (民事诉讼法 第九十五条; 行政处罚法 第六十一条第二款; 行政强制法 第三十八条)', () => {
  it('公告送达 takes effect thirty days after publication: payment runs from then', () => {
    const decision = doc('D05', 'penalty-decision', {fineAmount: 5000}, [{at: '2026-03-02', method: 'public', receiptDocId: 'D06', to: '某某店'}])
    const {deadlines} = evaluateCase(facts('penalty-general', [['decision-made', '2026-02-27'], ['decision-served', '2026-03-02']], {documents: [decision]}), context('2026-03-20'))
    // 03-02 + 30 = 04-01; + 15 = 04-16.
    expect(deadlines.find((row) => row.rule === 'fine-payment')).toMatchObject({due: '2026-04-16', status: 'pending'})
    expect(deadlines.find((row) => row.rule === 'fine-payment')?.note).toContain('民事诉讼法 第九十五条')
  })

  it('electronic service of a decision without consent, and of a 催告书 at all, are errors', () => {
    const electronic: ServiceRecord[] = [{at: '2026-03-02', method: 'electronic', receiptDocId: 'D09', to: '某某店'}]
    const {findings} = evaluateCase(
      facts('penalty-general', [['decision-served', '2026-03-02'], ['reminder-served', '2026-04-02']], {
        documents: [doc('D05', 'penalty-decision', {}, electronic), doc('D07', 'payment-reminder', {}, [{...electronic[0], at: '2026-04-02'}])],
      }),
      context('2026-04-03'),
    )
    expect(find(findings, 'electronic-service-consent', 'D05')[0].article).toContain('第六十一条第二款')
    expect(find(findings, 'reminder-service-method', 'D07')[0].article).toContain('行政强制法 第三十八条')
  })
})

describe('enforcement order (行政处罚法 第七十二条; 行政强制法 第五十三、五十四条)', () => {
  it('a court application on day 22 after service is premature; a 催告 before the payment period ends too', () => {
    const {findings} = evaluateCase(
      facts('penalty-general', [['decision-served', '2026-03-02'], ['reminder-served', '2026-03-10'], ['court-applied', '2026-03-24']]),
      context('2026-03-30'),
    )
    expect(find(findings, 'court-after-remedy-periods', 'court-applied')).toMatchObject([{due: '2026-09-02', kind: 'order', severity: 'error'}])
    expect(find(findings, 'reminder-after-payment-period', 'reminder-served')).toMatchObject([{due: '2026-03-17', severity: 'error'}])
    // 第五十四条: 催告书送达十日后 — 03-24 is the tenth working day after 03-10, still too early.
    expect(find(findings, 'court-enforcement-wait', 'court-applied')).toMatchObject([{due: '2026-03-24'}])
  })
})

describe('penalty time limits (行政处罚法 第三十六条、第六十条)', () => {
  it('a filing more than two years after the offence is an error: no penalty may be given', () => {
    const {findings} = evaluateCase(facts('penalty-general', [['offence-committed', '2024-03-01'], ['filed', '2026-03-05']]), context('2026-03-06'))
    expect(find(findings, 'limitation-period', 'filed')).toMatchObject([{severity: 'error'}])
    expect(find(findings, 'limitation-period', 'filed')[0].message).toContain('不再给予行政处罚')
  })

  it('生命健康安全 with harm: five years', () => {
    const {deadlines} = evaluateCase(facts('penalty-general', [['offence-committed', '2024-03-01'], ['serious-harm', '2026-03-05'], ['filed', '2026-03-05']]), context('2026-03-06'))
    expect(deadlines.find((row) => row.rule === 'limitation-period')).toMatchObject({due: '2029-03-01', limit: 60, status: 'met'})
  })

  it('rules.json declares pauses and an approved extension of the 90 days, citing its article', () => {
    const dir = makeTempDir()
    const file = join(dir, 'rules.json')
    const article = '卫生健康行政处罚程序规定 第N条：经负责人批准可以延长，检测等期间不计入'
    writeFileSync(file, JSON.stringify({rules: {'penalty-decision': {article, extension: {amount: 30, article, event: 'penalty-extended'}, limit: 90, pausable: true, unit: 'cd'}}}))
    const rules = loadDeadlineRules(file)
    const events: Array<[string, string]> = [
      ['filed', '2026-03-02'],
      ['pause-start', '2026-03-10'],
      ['pause-end', '2026-03-20'],
      ['penalty-extended', '2026-05-20'],
    ]
    const row = evaluateCase(facts('penalty-general', events), context('2026-06-01', {rules})).deadlines.find((candidate) => candidate.rule === 'penalty-decision')
    // 120 days from 03-02 plus the 10 paused days: 07-10.
    expect(row).toMatchObject({article, basis: 'workspace', due: '2026-07-10', limit: 120})
    writeFileSync(file, JSON.stringify({rules: {'penalty-decision': {article, extension: {amount: 30, event: 'penalty-extended'}, limit: 90}}}))
    expect(() => loadDeadlineRules(file)).toThrow(/extension\.article/)
  })
})

describe('simple procedure (行政处罚法 第五十一条)', () => {
  const summary = (fineAmount: number) => doc('D01', 'summary-penalty-decision', {fineAmount})
  it('500 元 on the spot for a 公民 is refused; 3000 元 for an organisation is within the limit', () => {
    const person = evaluateCase(facts('penalty-summary', [['summary-decision', '2026-03-02']], {documents: [summary(500)], partyType: 'person'}), context('2026-03-03'))
    expect(find(person.findings, 'summary-fine-limit', 'D01')).toMatchObject([{severity: 'error'}])
    const organization = evaluateCase(facts('penalty-summary', [['summary-decision', '2026-03-02']], {documents: [summary(3000)], partyType: 'organization'}), context('2026-03-03'))
    expect(find(organization.findings, 'summary-fine-limit')).toEqual([])
    const unknown = evaluateCase(facts('penalty-summary', [['summary-decision', '2026-03-02']], {documents: [summary(500)]}), context('2026-03-03'))
    expect(find(unknown.findings, 'summary-fine-limit')).toMatchObject([{severity: 'warning'}])
  })
})

describe('permits (行政许可法 第三十二条第一款（四）、第四十二条)', () => {
  it('accepted ten working days after receipt without a 补正 notice: flagged, and the 20 days run from receipt', () => {
    const {deadlines, findings} = evaluateCase(facts('permit', [['application-received', '2026-03-02'], ['accepted', '2026-03-16']]), context('2026-03-17'))
    expect(find(findings, 'permit-deemed-acceptance', 'accepted')).toHaveLength(1)
    const decision = deadlines.find((row) => row.rule === 'permit-decision')
    expect(decision).toMatchObject({due: '2026-03-30', triggerAt: '2026-03-02'})
    expect(decision?.note).toContain('即为受理')
  })

  it('both 准予 and 不予 decisions live in one permit case is an error', () => {
    const {findings} = evaluateCase(
      facts('permit', [['permit-decided', '2026-03-02']], {documents: [doc('D01', 'permit-grant'), doc('D02', 'permit-denial')]}),
      context('2026-03-03'),
    )
    expect(find(findings, 'permit-conflicting-decisions')).toMatchObject([{severity: 'error'}])
  })
})

describe('what documents say (行政强制法 第二十五条、第四十五条; 行政处罚法 第七十二条)', () => {
  it('a 45-day seizure, a surcharge above the fine, an inquiry ending before it starts, a deadline before the order, a decision before its notice', () => {
    const {findings} = evaluateCase(
      facts(
        'penalty-general',
        [
          ['seizure', '2026-03-02'],
          ['correction-ordered', '2026-03-05'],
          ['inquiry', '2026-03-06T10:00'],
          ['prior-notice-served', '2026-03-20'],
          ['decision-made', '2026-03-18'],
        ],
        {
          documents: [
            doc('D01', 'seizure-decision', {endDate: '2026-04-15', startDate: '2026-03-02'}),
            doc('D02', 'correction-order', {deadline: '2026-03-01'}),
            doc('D03', 'inquiry-record', {endTime: '2026-03-06T09:30', startTime: '2026-03-06T10:00'}),
            doc('D04', 'penalty-decision', {fineAmount: 1000, noticeServedDate: '2026-03-20'}),
            doc('D05', 'payment-reminder', {surchargeAmount: 1500}),
          ],
        },
      ),
      context('2026-03-21'),
    )
    expect(find(findings, 'seizure-period-cap', 'D01')[0].message).toContain('共 45 日')
    expect(find(findings, 'surcharge-cap', 'D05')).toHaveLength(1)
    expect(find(findings, 'document-dates').map((finding) => finding.subject).sort()).toEqual(['D02', 'D03', 'D04'])
    // The 催告书 belongs to a step the case has not recorded.
    expect(find(findings, 'document-without-step')).toEqual([])
  })

  it('a record whose step the case does not record is a warning', () => {
    const {findings} = evaluateCase(facts('penalty-general', [['filed', '2026-03-02']], {documents: [doc('D01', 'sampling-record')]}), context('2026-03-03'))
    expect(find(findings, 'document-without-step', 'D01')).toMatchObject([{severity: 'warning'}])
  })
})

describe('本办法\'s own five days (第二十、三十二条)', () => {
  it('are labelled 本办法 and counted in the workspace\'s unit', () => {
    const events: Array<[string, string]> = [['filed', '2026-03-06']]
    const working = evaluateCase(facts('penalty-general', events), context('2026-03-20')).deadlines.find((row) => row.rule === 'platform-entry-filed')
    expect(working).toMatchObject({basis: 'measures', due: '2026-03-13', unit: 'wd'})
    const calendarDays = evaluateCase(facts('penalty-general', events), context('2026-03-20', {policy: {...DEFAULT_POLICY, measuresDayUnit: 'cd'}})).deadlines.find(
      (row) => row.rule === 'platform-entry-filed',
    )
    expect(calendarDays).toMatchObject({basis: 'measures', due: '2026-03-11', unit: 'cd'})
    const {findings} = evaluateCase(facts('penalty-general', events), context('2026-03-20'))
    expect(find(findings, 'platform-entry-filed')[0].message).toContain('本办法规定')
  })
})
