import {DOCUMENT_RULES, type DocumentRuleId, SEIZURE_MAX_DAYS, SUMMARY_FINE_LIMITS} from '../law/completeness-rules.js'
import {DOCUMENT_TYPES, fillEventOf} from '../law/documents.js'
import {daysBetween} from '../platform/civil-date.js'
import {localDateOf} from '../platform/local-time.js'
import type {CaseRecord} from '../workspace/records.js'
import type {CheckedEvent} from './deadlines.js'

/** What these rules read of a document. */
export interface RuledDocument {
  id: string
  type: string
  name: string
  fields: Record<string, unknown>
  services: ReadonlyArray<{at: string; method: string}>
}

export interface DocumentRuleFinding {
  rule: DocumentRuleId
  article: string
  severity: 'error' | 'warning'
  message: string
  subject: string | null
}

const RULE_BY_ID = new Map<string, (typeof DOCUMENT_RULES)[number]>(DOCUMENT_RULES.map((rule) => [rule.id, rule]))

const dateOf = (value: unknown): string | null => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? localDateOf(value) : null)
const amountOf = (value: unknown): number | null => {
  const amount = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : Number.NaN
  return Number.isFinite(amount) ? amount : null
}

/** Date-times compare as text when both carry the same form; otherwise by day. */
const before = (a: string, b: string): boolean => (a.length === b.length ? a < b : localDateOf(a) < localDateOf(b))

/**
 * The checks of what documents say (DOCUMENT_RULES): against the law (当场处罚 limits, seizure caps,
 * surcharges, service methods) and against each other and the case's steps (dates, stray 文书, two
 * contrary permit decisions). Live (not voided) documents only.
 */
export const checkDocumentRules = (
  caseRecord: Pick<CaseRecord, 'procedure' | 'parties'>,
  documents: readonly RuledDocument[],
  events: readonly CheckedEvent[],
): DocumentRuleFinding[] => {
  const findings: DocumentRuleFinding[] = []
  const add = (rule: DocumentRuleId, subject: string | null, message: string, severity?: 'warning') => {
    const row = RULE_BY_ID.get(rule)!
    findings.push({article: row.article, message, rule, severity: severity ?? row.severity, subject})
  }

  const ofType = (type: string) => documents.filter((document) => document.type === type)
  const steps = new Set(events.map((event) => event.event))

  const partyType = caseRecord.parties[0]?.type ?? null
  for (const decision of ofType('summary-penalty-decision')) {
    const fine = amountOf(decision.fields.fineAmount)
    if (fine === null || fine <= 0) continue
    if (partyType === null) {
      if (fine > SUMMARY_FINE_LIMITS.person) {
        add('summary-fine-limit', decision.id, `《${decision.name}》${decision.id} 罚款 ${fine} 元，案件未记录当事人是公民还是组织，无法核对当场处罚的上限（公民二百元、组织三千元）`, 'warning')
      }

      continue
    }

    const limit = SUMMARY_FINE_LIMITS[partyType]
    if (fine > limit) {
      add('summary-fine-limit', decision.id, `《${decision.name}》${decision.id} 当场罚款 ${fine} 元，超过对${partyType === 'person' ? '公民' : '法人或其他组织'}当场处罚的上限 ${limit} 元，应适用一般程序`)
    }
  }

  for (const seizure of ofType('seizure-decision')) {
    const start = dateOf(seizure.fields.startDate)
    const end = dateOf(seizure.fields.endDate)
    if (!start || !end) continue
    // 期限自 startDate 至 endDate, both days included.
    const days = daysBetween(start, end) + 1
    if (days > SEIZURE_MAX_DAYS) add('seizure-period-cap', seizure.id, `《${seizure.name}》${seizure.id} 载明的期限 ${start} 至 ${end} 共 ${days} 日，超过三十日`)
  }

  for (const extension of ofType('seizure-extension')) {
    const original = dateOf(extension.fields.originalEndDate) ?? dateOf(ofType('seizure-decision').at(-1)?.fields.endDate)
    const extended = dateOf(extension.fields.newEndDate)
    if (!original || !extended) continue
    const days = daysBetween(original, extended)
    if (days > SEIZURE_MAX_DAYS) add('seizure-period-cap', extension.id, `《${extension.name}》${extension.id} 将期限从 ${original} 延长至 ${extended}，延长 ${days} 日，超过三十日`)
  }

  const fine = amountOf(ofType('penalty-decision').at(-1)?.fields.fineAmount)
  for (const reminder of ofType('payment-reminder')) {
    const surcharge = amountOf(reminder.fields.surchargeAmount)
    if (fine !== null && surcharge !== null && surcharge > fine) {
      add('surcharge-cap', reminder.id, `《${reminder.name}》${reminder.id} 加处罚款 ${surcharge} 元，超过罚款数额 ${fine} 元`)
    }
  }

  for (const document of documents) {
    const start = typeof document.fields.startTime === 'string' ? document.fields.startTime : null
    const end = typeof document.fields.endTime === 'string' ? document.fields.endTime : null
    if (start && end && before(end, start)) add('document-dates', document.id, `《${document.name}》${document.id} 结束时间 ${end} 早于开始时间 ${start}`)
  }

  for (const order of ofType('correction-order')) {
    const deadline = dateOf(order.fields.deadline)
    const ordered = events.find((event) => event.event === 'correction-ordered')
    const issued = ordered ? localDateOf(ordered.at) : null
    if (deadline && issued && deadline < issued) add('document-dates', order.id, `《${order.name}》${order.id} 改正期限 ${deadline} 早于责令改正之日 ${issued}`)
  }

  const noticeServed = events.find((event) => event.event === 'prior-notice-served')
  const decided = events.find((event) => event.event === 'decision-made')
  for (const decision of ofType('penalty-decision')) {
    const printed = dateOf(decision.fields.noticeServedDate)
    const decidedOn = decided ? localDateOf(decided.at) : null
    if (printed && decidedOn && decidedOn < printed) {
      add('document-dates', decision.id, `《${decision.name}》${decision.id} 作出日期 ${decidedOn} 早于其载明的事先告知书送达日期 ${printed}`)
    } else if (noticeServed && decidedOn && decidedOn < localDateOf(noticeServed.at)) {
      add('document-dates', decision.id, `《${decision.name}》${decision.id} 作出日期 ${decidedOn} 早于事先告知书送达 ${localDateOf(noticeServed.at)}`)
    }
  }

  for (const document of documents) {
    const type = DOCUMENT_TYPES.find((candidate) => candidate.id === document.type)
    if (!type || type.steps.length === 0) continue
    const recorded = fillEventOf(type, caseRecord.procedure)
    const belongs = type.steps.some((step) => steps.has(step)) || (recorded !== undefined && steps.has(recorded))
    // A document waiting to be served (事先告知书, 催告书) belongs to its step once served; until then it is a draft.
    if (!belongs && (type.recordsOnFill !== undefined || document.services.length > 0)) {
      add('document-without-step', document.id, `《${document.name}》${document.id} 所属的环节（${type.stepName}）未在案件中记录`)
    }
  }

  if (caseRecord.procedure === 'permit' && ofType('permit-grant').length > 0 && ofType('permit-denial').length > 0) {
    add('permit-conflicting-decisions', ofType('permit-denial')[0].id, '同一申请既有《准予行政许可决定书》又有《不予行政许可决定书》（均未作废），应作废其中错误的一份')
  }

  const consented = events.filter((event) => event.event === 'electronic-service-consented')
  for (const document of documents) {
    for (const service of document.services.filter((candidate) => candidate.method === 'electronic')) {
      if (document.type === 'payment-reminder') {
        add('reminder-service-method', document.id, `《${document.name}》${document.id} 于 ${localDateOf(service.at)} 电子送达；催告书应当直接送达或依照民事诉讼法送达`)
      } else if (document.type === 'penalty-decision' && !consented.some((event) => localDateOf(event.at) <= localDateOf(service.at))) {
        add('electronic-service-consent', document.id, `《${document.name}》${document.id} 于 ${localDateOf(service.at)} 电子送达，但此前未记录当事人同意电子送达（确认书）`)
      }
    }
  }

  return findings
}
