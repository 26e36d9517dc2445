import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import type {ProcedureId} from '../../src/law/procedures.js'
import {WorkingDayCalendar} from '../../src/rules/working-day-calendar.js'
import {ZfjlError} from '../../src/platform/errors.js'
import type {EventRecord} from '../../src/workspace/records.js'
import {DEADLINE_RULES, loadDeadlineRules} from '../../src/law/deadline-rules.js'
import {computeDeadlines, type DeadlineContext, type DeadlineRow} from '../../src/rules/deadlines.js'
import {DEFAULT_POLICY} from '../../src/workspace/config.js'
import {makeTempDir} from '../helpers/cli.js'

const calendar = new WorkingDayCalendar()

const context = (asOf: string, overrides: Partial<DeadlineContext> = {}): DeadlineContext => ({
  asOf,
  asOfInstant: new Date(`${asOf}T23:59:59+08:00`),
  calendar,
  policy: DEFAULT_POLICY,
  rules: DEADLINE_RULES,
  soonDays: 3,
  timezone: '+08:00',
  ...overrides,
})

const eventsOf = (caseId: string, list: Array<[string, string]>): EventRecord[] =>
  list.map(([event, at], index) => ({
    actor: '张伟',
    at,
    caseId,
    event,
    id: index + 1,
    note: event === 'pause-start' ? '检验' : null,
    reason: null,
    recordedAt: at,
    source: 'manual',
    supersedes: null,
  }))

const rowFor = (
  ruleId: string,
  procedure: ProcedureId,
  events: Array<[string, string]>,
  asOf: string,
  overrides: Partial<DeadlineContext> = {},
): DeadlineRow => {
  const rows = computeDeadlines({caseRecord: {id: '2026-0001', procedure}, events: eventsOf('2026-0001', events)}, context(asOf, overrides))
  const row = rows.find((candidate) => candidate.rule === ruleId)
  if (!row) throw new Error(`no row for ${ruleId}: ${rows.map((candidate) => candidate.rule).join(', ')}`)
  return row
}

type Case = [string, ProcedureId, Array<[string, string]>, string, {due: string | null; status: string; provisional?: boolean}]

// One row per deadline rule (2026 calendar unless stated).
const EVERY_RULE: Case[] = [
  ['platform-entry-filed', 'penalty-general', [['filed', '2026-03-02'], ['platform-filed', '2026-03-06']], '2026-03-20', {due: '2026-03-09', status: 'met'}],
  ['platform-entry-closed', 'penalty-general', [['closed', '2026-03-02'], ['platform-closed', '2026-03-10']], '2026-03-20', {due: '2026-03-09', status: 'met-late'}],
  ['summary-upload', 'penalty-summary', [['summary-decision', '2026-03-06']], '2026-03-20', {due: '2026-03-09', status: 'overdue'}],
  ['penalty-decision', 'penalty-general', [['filed', '2026-07-07']], '2026-10-06', {due: '2026-10-08', status: 'due-soon'}],
  ['decision-service', 'penalty-general', [['decision-made', '2026-09-29'], ['decision-served', '2026-10-14']], '2026-10-20', {due: '2026-10-14', status: 'met'}],
  ['preservation-disposal', 'penalty-general', [['preservation', '2026-02-12']], '2026-03-01', {due: '2026-02-28', status: 'overdue'}],
  ['hearing-request', 'penalty-general', [['prior-notice-served', '2026-03-02'], ['hearing-requested', '2026-03-10']], '2026-03-20', {due: '2026-03-09', status: 'met-late'}],
  ['statement-period', 'penalty-general', [['prior-notice-served', '2026-03-02'], ['decision-made', '2026-03-05']], '2026-03-20', {due: '2026-03-05', status: 'premature'}],
  ['hearing-notice', 'penalty-general', [['hearing-notified', '2026-09-25'], ['hearing-held', '2026-10-12']], '2026-10-20', {due: '2026-09-24', status: 'met-late'}],
  ['fine-payment', 'penalty-general', [['decision-served', '2026-09-20']], '2026-10-09', {due: '2026-10-08', status: 'overdue'}],
  ['correction-check', 'penalty-general', [['correction-verified', '2026-03-01'], ['correction-due', '2026-03-02']], '2026-03-20', {due: '2026-03-09', status: 'premature'}],
  ['court-enforcement-wait', 'penalty-general', [['reminder-served', '2026-03-02'], ['court-applied', '2026-03-17']], '2026-03-20', {due: '2026-03-16', status: 'met'}],
  ['seizure-limit', 'coercion', [['seizure', '2026-09-05']], '2026-10-06', {due: '2026-10-05', status: 'overdue'}],
  ['emergency-report', 'coercion', [['emergency-measure', '2026-03-02T10:00:00+08:00'], ['emergency-reported', '2026-03-03T11:00:00+08:00']], '2026-03-20', {due: '2026-03-03T10:00:00+08:00', status: 'met-late'}],
  ['permit-correction-notice', 'permit', [['application-received', '2026-03-02']], '2026-03-05', {due: '2026-03-09', status: 'pending'}],
  ['permit-decision', 'permit', [['accepted', '2026-03-02']], '2026-03-10', {due: '2026-03-30', status: 'pending'}],
  ['permit-delivery', 'permit', [['permit-decided', '2026-03-02'], ['permit-served', '2026-03-16']], '2026-03-20', {due: '2026-03-16', status: 'met'}],
  ['permit-hearing', 'permit', [['hearing-requested', '2026-03-02']], '2026-03-31', {due: '2026-03-30', status: 'overdue'}],
  ['review-period', 'penalty-general', [['decision-served', '2026-09-20']], '2026-10-01', {due: '2026-11-19', status: 'pending'}],
  ['litigation-period', 'penalty-general', [['decision-served', '2026-04-01']], '2026-11-01', {due: '2026-10-08', status: 'met'}],
  // 行政处罚法 第三十六条: two years from the offence; a filing after that is too late.
  ['limitation-period', 'penalty-general', [['offence-committed', '2024-03-01'], ['filed', '2026-03-05']], '2026-03-20', {due: '2026-03-01', status: 'met-late'}],
  ['limitation-period-summary', 'penalty-summary', [['offence-committed', '2025-03-01'], ['summary-decision', '2026-03-02']], '2026-03-20', {due: '2027-03-01', status: 'met'}],
  // 第六十四条（一）: five working days to ask for a hearing; the example (served 11-02, decided 11-06).
  ['hearing-window', 'penalty-general', [['prior-notice-served', '2026-11-02'], ['decision-made', '2026-11-06']], '2026-11-20', {due: '2026-11-09', status: 'premature'}],
  // 第五十三条 + 第六十七条: 当场 decisions are paid within fifteen days too.
  ['summary-fine-payment', 'penalty-summary', [['summary-decision', '2026-03-02']], '2026-03-20', {due: '2026-03-17', status: 'overdue'}],
  // 第七十一条: fines collected on the spot reach the organ within two (working) days.
  ['summary-fine-handover', 'penalty-summary', [['fine-collected-onsite', '2026-03-06'], ['fine-handed-in', '2026-03-10']], '2026-03-20', {due: '2026-03-10', status: 'met'}],
  // 第七十二条: a 催告 only once the fifteen days to pay have passed.
  ['reminder-after-payment-period', 'penalty-general', [['decision-served', '2026-03-02'], ['reminder-served', '2026-03-10']], '2026-03-20', {due: '2026-03-17', status: 'premature'}],
  // 行政强制法 第五十三条: an application on day 22 after service comes before the 复议/诉讼 periods end.
  ['court-after-remedy-periods', 'penalty-general', [['decision-served', '2026-03-02'], ['court-applied', '2026-03-24']], '2026-03-30', {due: '2026-09-02', status: 'premature'}],
  ['court-application-limit', 'penalty-general', [['decision-served', '2026-03-02']], '2026-12-10', {due: '2026-12-02', status: 'overdue'}],
  // 行政许可法 第三十二条第一款（四）: accepted ten days after receipt with no 补正 notice.
  ['permit-deemed-acceptance', 'permit', [['application-received', '2026-03-02'], ['accepted', '2026-03-12']], '2026-03-20', {due: '2026-03-09', status: 'met-late'}],
  // 第四十七条: the applicant's five days are calendar days; 10-05 falls in the National Day holiday, so it rolls to 10-08.
  ['permit-hearing-request', 'permit', [['stakeholder-notified', '2026-09-30'], ['hearing-requested', '2026-10-06']], '2026-10-20', {due: '2026-10-08', status: 'met'}],
  // 第五十条: 延续 thirty days before expiry.
  ['permit-renewal', 'permit', [['renewal-applied', '2026-05-10'], ['permit-expires', '2026-06-01']], '2026-05-20', {due: '2026-05-02', status: 'met-late'}],
  ['summary-review-period', 'penalty-summary', [['summary-decision', '2026-03-02']], '2026-03-20', {due: '2026-05-06', status: 'pending'}],
  ['summary-litigation-period', 'penalty-summary', [['summary-decision', '2026-03-02']], '2026-03-20', {due: '2026-09-02', status: 'pending'}],
]

describe('every deadline rule', () => {
  it('the table covers every rule', () => {
    expect(new Set(EVERY_RULE.map(([rule]) => rule))).toEqual(new Set(DEADLINE_RULES.map((rule) => rule.id)))
  })

  it.each(EVERY_RULE)('%s (%s)', (ruleId, procedure, events, asOf, expected) => {
    const row = rowFor(ruleId, procedure, events, asOf)
    expect(row).toMatchObject({provisional: false, ...expected})
    expect(row.article).toMatch(/第.+条/)
  })
})

describe('the issue examples', () => {
  it('a seizure from 2026-09-05 is capped at 2026-10-05 without rolling', () => {
    const row = rowFor('seizure-limit', 'coercion', [['seizure', '2026-09-05'], ['seizure-disposed', '2026-10-05']], '2026-10-20')
    expect(row).toMatchObject({due: '2026-10-05', status: 'met'})
    expect(rowFor('seizure-limit', 'coercion', [['seizure', '2026-09-05'], ['seizure-disposed', '2026-10-08']], '2026-10-20').status).toBe('met-late')
  })

  it('hearing request for a notice served 2021-07-10 is 3 days (1996 law, calendar days)', () => {
    const row = rowFor('hearing-request', 'penalty-general', [['prior-notice-served', '2021-07-10']], '2021-07-12')
    expect(row).toMatchObject({due: '2021-07-13', limit: 3, status: 'pending', unit: 'cd'})
    expect(row.article).toContain('1996')
  })

  it('hearing request for a notice served 2021-07-20 is 5 working days (2021 law)', () => {
    const row = rowFor('hearing-request', 'penalty-general', [['prior-notice-served', '2021-07-20'], ['hearing-requested', '2021-07-27']], '2021-08-01')
    expect(row).toMatchObject({due: '2021-07-27', limit: 5, status: 'met', unit: 'wd'})
    expect(row.article).toContain('第六十四条')
  })

  it('a working-day count crossing into 2027 skips 2027-01-01 and is provisional', () => {
    const row = rowFor('platform-entry-filed', 'penalty-general', [['filed', '2026-12-28']], '2026-12-29')
    expect(row).toMatchObject({due: '2027-01-05', provisional: true, status: 'pending'})
  })
})

describe('pauses, extensions and moot rules', () => {
  it('a pause stops the seizure clock (days after pause-start through pause-end)', () => {
    const row = rowFor('seizure-limit', 'coercion', [['seizure', '2026-09-05'], ['pause-start', '2026-09-10'], ['pause-end', '2026-09-15']], '2026-10-06')
    expect(row).toMatchObject({due: '2026-10-10', status: 'pending'})
    expect(row.note).toContain('中止')
  })

  it('a pause stops the permit-decision clock in working days', () => {
    // 3/9–3/13 paused (pause-start 3/6): five working days later than 3/30.
    const row = rowFor('permit-decision', 'permit', [['accepted', '2026-03-02'], ['pause-start', '2026-03-06'], ['pause-end', '2026-03-13']], '2026-03-20')
    expect(row.due).toBe('2026-04-07') // 4/4–4/6 清明
  })

  it('an open pause runs until the as-of day', () => {
    const row = rowFor('seizure-limit', 'coercion', [['seizure', '2026-09-05'], ['pause-start', '2026-09-10']], '2026-09-20')
    expect(row.due).toBe('2026-10-15')
  })

  it('seizure-extended adds 30 days when made within the limit', () => {
    const row = rowFor('seizure-limit', 'coercion', [['seizure', '2026-09-05'], ['seizure-extended', '2026-10-01']], '2026-10-06')
    expect(row).toMatchObject({due: '2026-11-04', limit: 60, status: 'pending'})
  })

  it('an extension decided after the limit expired is not counted', () => {
    const row = rowFor('seizure-limit', 'coercion', [['seizure', '2026-09-05'], ['seizure-extended', '2026-10-06']], '2026-10-07')
    expect(row).toMatchObject({due: '2026-10-05', status: 'overdue'})
    expect(row.note).toContain('未计入')
  })

  it('permit-extended adds 10 working days', () => {
    const row = rowFor('permit-decision', 'permit', [['accepted', '2026-03-02'], ['permit-extended', '2026-03-20']], '2026-03-31')
    expect(row).toMatchObject({due: '2026-04-14', limit: 30})
  })

  it('a case closed without a decision makes the penalty-decision limit moot', () => {
    expect(rowFor('penalty-decision', 'penalty-general', [['filed', '2026-03-02'], ['closed', '2026-03-20']], '2026-09-01').status).toBe('not-applicable')
  })

  it('a rule whose trigger has not happened is listed as not-applicable', () => {
    expect(rowFor('penalty-decision', 'penalty-general', [], '2026-09-01')).toMatchObject({due: null, status: 'not-applicable', triggerAt: null})
  })

  it('a hearing request not made within the period is not an error', () => {
    expect(rowFor('hearing-request', 'penalty-general', [['prior-notice-served', '2026-03-02']], '2026-03-20').status).toBe('not-applicable')
  })

  it('a statement period that has run without a decision is met', () => {
    expect(rowFor('statement-period', 'penalty-general', [['prior-notice-served', '2026-03-02']], '2026-03-04').status).toBe('pending')
    expect(rowFor('statement-period', 'penalty-general', [['prior-notice-served', '2026-03-02']], '2026-03-06').status).toBe('met')
  })

  it('hour rules accept a date-only trigger in the party\'s favour', () => {
    const row = rowFor('emergency-report', 'coercion', [['emergency-measure', '2026-03-02'], ['emergency-reported', '2026-03-03']], '2026-03-20')
    expect(row).toMatchObject({due: '2026-03-04T00:00:00+08:00', status: 'met'})
    expect(row.note).toContain('24:00')
  })

  it('hour rules go overdue by the hour', () => {
    const events: Array<[string, string]> = [['emergency-measure', '2026-03-02T10:00:00+08:00']]
    const before = {asOfInstant: new Date('2026-03-03T09:00:00+08:00')}
    const after = {asOfInstant: new Date('2026-03-03T10:30:00+08:00')}
    expect(rowFor('emergency-report', 'coercion', events, '2026-03-03', before).status).toBe('due-soon')
    expect(rowFor('emergency-report', 'coercion', events, '2026-03-03', after).status).toBe('overdue')
  })

  it('policy values come from the workspace configuration', () => {
    const policy = {...DEFAULT_POLICY, statementPeriodDays: 5}
    const row = rowFor('statement-period', 'penalty-general', [['prior-notice-served', '2026-03-02'], ['decision-made', '2026-03-06']], '2026-03-20', {policy})
    expect(row).toMatchObject({basis: 'policy', due: '2026-03-09', limit: 5, status: 'premature'})
  })
})

describe('workspace rules.json', () => {
  const writeRules = (content: unknown): string => {
    const file = join(makeTempDir(), 'rules.json')
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
    return file
  }

  it('overrides a limit from a date on, keeping the national limit for earlier triggers', () => {
    const rules = loadDeadlineRules(
      writeRules({rules: {'penalty-decision': {article: '卫生健康行政处罚程序规定 第X条（测试）', from: '2026-06-01', limit: 60, unit: 'cd'}}}),
    )
    const early = rowFor('penalty-decision', 'penalty-general', [['filed', '2026-03-02']], '2026-03-03', {rules})
    const late = rowFor('penalty-decision', 'penalty-general', [['filed', '2026-07-01']], '2026-07-02', {rules})
    expect(early).toMatchObject({basis: 'law', limit: 90})
    expect(late).toMatchObject({basis: 'workspace', due: '2026-08-31', limit: 60})
  })

  it('is optional', () => {
    expect(loadDeadlineRules(join(makeTempDir(), 'rules.json'))).toEqual(DEADLINE_RULES)
  })

  it.each([
    ['not JSON', '{'],
    ['unknown rule', {rules: {'no-such-rule': {article: 'x', limit: 1}}}],
    ['no article', {rules: {'penalty-decision': {limit: 60}}}],
    ['bad unit', {rules: {'penalty-decision': {article: 'x', limit: 60, unit: 'weeks'}}}],
  ])('a malformed override (%s) is a usage error', (_label, content) => {
    const file = writeRules(content)
    expect(() => loadDeadlineRules(file)).toThrow(ZfjlError)
    expect(() => loadDeadlineRules(file)).toThrow(file)
  })
})
