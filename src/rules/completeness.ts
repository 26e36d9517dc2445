import {avDutyFor} from '../law/av-duties.js'
import {DOCUMENT_TYPES} from '../law/documents.js'
import {findEvent} from '../law/events.js'
import {localDateOf, toInstant} from '../platform/local-time.js'
import type {CaseRecord, DocumentRecord, MediaRecord} from '../workspace/records.js'
import {MEDIA_FORMAT_RULES, ORDER_RULES, PLATFORM_DUTIES, REQUIRED_RECORD_FIELDS, requiredDocumentGroups} from '../law/completeness-rules.js'
import {type DeadlineRule, type LimitBasis, UNIT_NAMES} from '../law/deadline-rules.js'
import {addDays} from '../platform/civil-date.js'
import {checkDocumentRules} from './document-rules.js'
import {type CheckedEvent, computeDeadlines, type DeadlineContext, type DeadlineRow} from './deadlines.js'

import type {FindingKind, Severity} from '../law/labels.js'

export type {FindingKind, Severity} from '../law/labels.js'

export interface Finding {
  case: string
  rule: string
  kind: FindingKind
  severity: Severity
  article: string
  /** For people, in Chinese. */
  message: string
  /** The deadline concerned, for deadline findings. */
  due: string | null
  /** What the finding is about: an event id, a document id. */
  subject: string | null
}

/** What the checks read of a document and of a media file (full records fit too). */
export type CheckedDocument = Pick<DocumentRecord, 'id' | 'type' | 'name' | 'fields' | 'approvals' | 'services' | 'voided'>
export type CheckedMedia = Pick<MediaRecord, 'id' | 'kind' | 'steps' | 'capturedAt' | 'durationSec' | 'formatProblem'>

/** Everything a check needs to know about one case; loaded once, evaluated without the database. */
export interface CaseFacts {
  caseRecord: CaseRecord
  /** Effective events (superseded ones removed). */
  events: CheckedEvent[]
  documents: CheckedDocument[]
  media: CheckedMedia[]
}

export interface CaseEvaluation {
  deadlines: DeadlineRow[]
  findings: Finding[]
  /** AV duties of steps that happened, and how many are covered (第四十九条 考核). */
  avDuties: {required: number; covered: number}
}

const eventName = (id: string): string => findEvent(id)?.name ?? id

/** `a` happened no later than `b`: by the moment when both carry a time, else by the day. */
const notAfter = (a: string, b: string, timezone: string): boolean =>
  a.length > 10 && b.length > 10 ? toInstant(a, timezone).getTime() <= toInstant(b, timezone).getTime() : localDateOf(a) <= localDateOf(b)

const isFilled = (value: unknown): boolean => {
  if (value === null || value === undefined) return false
  if (typeof value === 'string') return value.trim().length > 0
  if (Array.isArray(value)) return value.length > 0
  return true
}

/** The source of a limit that is not 法律, said in the finding so nobody takes it for the law's. */
const BASIS_SUFFIX: Partial<Record<LimitBasis, string>> = {document: '（文书载明的期限）', measures: '（本办法规定）', policy: '（本单位规定）', workspace: '（工作区规则覆盖）'}

const deadlineFinding = (row: DeadlineRow, rule: DeadlineRule | undefined): Omit<Finding, 'case'> | null => {
  // Most rows are fine; build the wording only for the few that become findings.
  if (row.status !== 'premature' && row.status !== 'overdue' && row.status !== 'due-soon' && row.status !== 'met-late') return null
  const kind = rule?.findingKind ?? 'deadline'
  const consequence = rule?.consequence ? `；${rule.consequence}` : ''
  const base = {article: row.article, due: row.due, rule: row.rule, subject: row.target}
  const limit = `${eventName(row.trigger)}（${row.triggerAt ? localDateOf(row.triggerAt) : ''}）起 ${row.limit} ${UNIT_NAMES[row.unit]}${BASIS_SUFFIX[row.basis] ?? ''}`
  const provisional = row.provisional ? '（期限按暂定节假日推算）' : ''
  switch (row.status) {
    case 'premature':
      return {
        ...base,
        kind: 'order',
        message:
          row.obligation === 'wait'
            ? `${row.name}：${eventName(row.target ?? '')}（${localDateOf(row.metAt ?? '')}）早于期间届满日 ${row.due}（${limit}）`
            : `${row.name}：${eventName(row.target ?? '')}（${localDateOf(row.metAt ?? '')}）早于${eventName(row.trigger)}（${localDateOf(row.triggerAt ?? '')}）`,
        severity: 'error',
      }
    case 'overdue':
      return row.obligation === 'agency'
        ? {...base, kind, message: `${row.name}：应于 ${row.due} 前完成（${limit}），已逾期${provisional}${consequence}`, severity: 'error'}
        : {...base, kind, message: `${row.name}：当事人未在 ${row.due} 前履行（${limit}），应依法催告或强制执行`, severity: 'warning'}
    case 'due-soon':
      return {...base, kind, message: `${row.name}：将于 ${row.due} 到期（${limit}）${provisional}`, severity: 'warning'}
    case 'met-late':
      return row.obligation === 'party-right'
        ? {...base, kind, message: `${row.name}：当事人于 ${localDateOf(row.metAt ?? '')} 提出，已超过期限 ${row.due}（${limit}）`, severity: 'warning'}
        : {...base, kind, message: `${row.name}：${localDateOf(row.metAt ?? '')} 完成，晚于期限 ${row.due}（${limit}）${consequence}`, severity: rule?.lateIsError ? 'error' : 'warning'}
    default:
      return null
  }
}

/** Camera clocks drift and recording starts a little before the step is logged. */
const COVERAGE_TOLERANCE_MS = 10 * 60_000

/**
 * Whether a video spans the moment the step was recorded. Only decidable when the step has a time and
 * a video has both capture time and duration; otherwise the video is given the benefit of the doubt.
 */
const videoCovers = (videos: readonly CheckedMedia[], stepAt: string, timezone: string): boolean => {
  const timed = videos.filter((video) => video.capturedAt !== null && video.durationSec !== null)
  if (stepAt.length <= 10 || timed.length === 0 || timed.length < videos.length) return true
  const moment = toInstant(stepAt, timezone).getTime()
  return timed.some((video) => {
    const start = toInstant(video.capturedAt as string, timezone).getTime()
    const end = start + (video.durationSec as number) * 1000
    return moment >= start - COVERAGE_TOLERANCE_MS && moment <= end + COVERAGE_TOLERANCE_MS
  })
}

const rulesById = new WeakMap<readonly DeadlineRule[], Map<string, DeadlineRule>>()

const ruleOf = (rules: readonly DeadlineRule[], ruleId: string): DeadlineRule | undefined => {
  let byId = rulesById.get(rules)
  if (!byId) {
    byId = new Map(rules.map((rule) => [rule.id, rule]))
    rulesById.set(rules, byId)
  }

  return byId.get(ruleId)
}

/**
 * 民事诉讼法 第九十五条: a service by public notice takes effect thirty days after publication, so the
 * periods that run from it (缴纳、复议、诉讼、催告) start then. The service event keeps its own date.
 */
const withPublicServiceEffect = (events: CheckedEvent[], documents: readonly CheckedDocument[]): CheckedEvent[] => {
  const published = new Map<string, string>()
  for (const document of documents) {
    const served = DOCUMENT_TYPES.find((type) => type.id === document.type)?.recordsOnServe
    if (!served) continue
    for (const service of document.services) if (service.method === 'public') published.set(`${served}@${service.at}`, service.at)
  }

  if (published.size === 0) return events
  return events.map((event) => {
    const at = published.get(`${event.event}@${event.at}`)
    return at ? {...event, effectiveAt: addDays(localDateOf(at), PUBLIC_SERVICE_DAYS)} : event
  })
}

/** 民事诉讼法 第九十五条: 自发出公告之日起，经过三十日，即视为送达. */
const PUBLIC_SERVICE_DAYS = 30

/**
 * The whole completeness check of one case, as a pure function of its facts: deadlines, documents of
 * each step, audio/video of each AV duty, record fields, approvals, 送达回证, platform entries, order.
 */
export const evaluateCase = (facts: CaseFacts, context: DeadlineContext): CaseEvaluation => {
  const {caseRecord} = facts
  const caseId = caseRecord.id
  const procedure = caseRecord.procedure
  const findings: Finding[] = []
  const add = (finding: Omit<Finding, 'case'>) => findings.push({case: caseId, ...finding})
  const liveDocuments = facts.documents.filter((document) => document.voided === null)
  const events = withPublicServiceEffect(facts.events, liveDocuments).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id))
  const firstAt = new Map<string, string>()
  for (const event of events) if (!firstAt.has(event.event)) firstAt.set(event.event, event.at)
  const closed = firstAt.has('closed')

  const deadlines = computeDeadlines({caseRecord, documents: liveDocuments, events}, context)
  for (const row of deadlines) {
    const finding = deadlineFinding(row, ruleOf(context.rules, row.rule))
    if (finding) add(finding)
  }

  for (const finding of checkDocumentRules(caseRecord, liveDocuments, events)) add({...finding, due: null, kind: 'document'})

  for (const [event] of firstAt) {
    for (const group of requiredDocumentGroups(event, procedure)) {
      if (liveDocuments.some((document) => group.includes(document.type))) continue
      const names = group.map((type) => `《${DOCUMENT_TYPES.find((candidate) => candidate.id === type)?.name ?? type}》`).join('或')
      const article = DOCUMENT_TYPES.find((type) => type.id === group[0])?.article ?? ''
      add({article: `本办法${article}`, due: null, kind: 'document', message: `已记录「${eventName(event)}」，但没有${names}`, rule: 'step-document', severity: 'error', subject: event})
    }
  }

  let avRequired = 0
  let avCovered = 0
  for (const [step, stepAt] of firstAt) {
    const duty = avDutyFor(step, procedure, (earlier) => {
      const at = firstAt.get(earlier)
      return at !== undefined && notAfter(at, stepAt, context.timezone)
    })
    if (!duty) continue
    avRequired++
    const linked = facts.media.filter((item) => item.steps.includes(duty.event) && (item.kind === 'video' || item.kind === 'audio'))
    const videos = linked.filter((item) => item.kind === 'video')
    if (duty.level === 'av-full' ? videos.length > 0 : linked.length > 0) {
      avCovered++
      const stepAt = firstAt.get(duty.event) as string
      if (duty.level === 'av-full' && !videoCovers(videos, stepAt, context.timezone)) {
        add({
          article: `本办法${duty.article}`,
          due: null,
          kind: 'av',
          message: `「${duty.what}」应全程音像记录，但关联的视频（按拍摄时间和时长）都不包括该环节记录的时间 ${stepAt}`,
          rule: 'av-full-coverage',
          severity: 'warning',
          subject: duty.event,
        })
      }

      continue
    }

    add({
      article: `本办法${duty.article}`,
      due: null,
      kind: 'av',
      message:
        duty.level === 'av-full' && linked.length > 0
          ? `「${duty.what}」应全程音像记录，只关联了录音，没有视频`
          : `「${duty.what}」应${duty.level === 'av-full' ? '全程' : ''}音像记录，但没有关联到「${eventName(duty.event)}」的${duty.level === 'av-full' ? '视频' : '音视频'}文件`,
      rule: duty.level === 'av-full' ? 'av-full-record' : 'av-record',
      severity: 'error',
      subject: duty.event,
    })
  }

  for (const item of facts.media) {
    if (!item.formatProblem) continue
    const rule = MEDIA_FORMAT_RULES[item.formatProblem.code]
    add({article: rule.article, due: null, kind: 'av', message: `音像 ${item.id}：${rule.what}（${item.formatProblem.message}）`, rule: rule.id, severity: rule.severity, subject: item.id})
  }

  for (const requirement of REQUIRED_RECORD_FIELDS) {
    for (const document of liveDocuments.filter((candidate) => candidate.type === requirement.documentType)) {
      const missing = requirement.fields.filter((field) => !field.keys.every((key) => isFilled(document.fields[key]))).map((field) => field.label)
      if (missing.length === 0) continue
      add({article: requirement.article, due: null, kind: 'document', message: `《${document.name}》${document.id} 缺少：${missing.join('、')}`, rule: 'record-fields', severity: 'error', subject: document.id})
    }
  }

  const documentIds = new Set(liveDocuments.map((document) => document.id))
  for (const document of liveDocuments) {
    const type = DOCUMENT_TYPES.find((candidate) => candidate.id === document.type)
    const firstService = [...document.services].sort((a, b) => (a.at < b.at ? -1 : 1))[0]
    if (type?.needsApproval) {
      const missing = (['review', 'approve'] as const).filter((role) => !document.approvals.some((approval) => approval.role === role))
      if (missing.length > 0) {
        const what = missing.map((role) => (role === 'review' ? '审核' : '批准')).join('和')
        const served = firstService !== undefined
        add({
          article: '本办法第十四条、第四十八条',
          due: null,
          kind: 'approval',
          message: served ? `《${document.name}》${document.id} 未经${what}即已送达` : `《${document.name}》${document.id} 尚未${what}`,
          rule: 'approval-missing',
          severity: served || closed ? 'error' : 'warning',
          subject: document.id,
        })
      }

      const late = firstService ? document.approvals.filter((approval) => !notAfter(approval.at, firstService.at, context.timezone)) : []
      if (late.length > 0 && missing.length === 0) {
        add({
          article: '本办法第十四条、第四十八条',
          due: null,
          kind: 'approval',
          message: `《${document.name}》${document.id} 于 ${localDateOf(firstService.at)} 送达，晚于送达才${late.map((approval) => (approval.role === 'review' ? '审核' : '批准')).join('、')}`,
          rule: 'approval-after-service',
          severity: 'error',
          subject: document.id,
        })
      }
    }

    for (const service of document.services) {
      if (service.receiptDocId && documentIds.has(service.receiptDocId)) continue
      add({
        article: '本办法第三条',
        due: null,
        kind: 'document',
        message: service.receiptDocId
          ? `《${document.name}》${document.id} 的送达回证 ${service.receiptDocId} 不存在或已作废`
          : `《${document.name}》${document.id} 于 ${localDateOf(service.at)} 送达${service.to}，没有送达回证`,
        rule: 'service-receipt',
        severity: 'error',
        subject: document.id,
      })
    }
  }

  for (const duty of PLATFORM_DUTIES) {
    if (!duty.procedures.includes(procedure) || !firstAt.has(duty.after) || firstAt.has(duty.event)) continue
    add({article: duty.article, due: null, kind: 'platform', message: duty.message, rule: duty.id, severity: 'warning', subject: duty.event})
  }

  for (const rule of ORDER_RULES) {
    if (rule.procedures && !rule.procedures.includes(procedure)) continue
    const at = firstAt.get(rule.event)
    if (!at) continue
    if (rule.when) {
      const when = firstAt.get(rule.when)
      if (!when || !notAfter(when, at, context.timezone)) continue
    }

    const required = events.find((event) => event.event === rule.requires && notAfter(event.at, at, context.timezone))
    if (required) continue
    add({
      article: rule.article,
      due: null,
      kind: 'order',
      message: `${rule.message}（${eventName(rule.event)} ${localDateOf(at)}）`,
      rule: rule.id,
      severity: 'error',
      subject: rule.event,
    })
  }

  return {avDuties: {covered: avCovered, required: avRequired}, deadlines, findings: findings.sort(findingOrder)}
}

const KIND_ORDER: Record<FindingKind, number> = {approval: 4, av: 3, deadline: 0, document: 2, order: 1, platform: 5, record: -1}

const rank = (finding: Finding): number => (finding.severity === 'warning' ? 2 : finding.due === null ? 1 : 0)

/** Overdue deadlines first, then other errors, then warnings. */
export const findingOrder = (a: Finding, b: Finding): number =>
  rank(a) - rank(b) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.rule.localeCompare(b.rule)
