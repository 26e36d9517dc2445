import {findEvent} from '../law/events.js'
import type {ProcedureId} from '../law/procedures.js'
import {addDays, daysBetween} from '../platform/civil-date.js'
import type {DueDate, WorkingDayCalendar} from './working-day-calendar.js'
import {formatLocal, localDateOf, toInstant} from '../platform/local-time.js'
import type {CaseRecord, EventRecord} from '../workspace/records.js'
import type {PolicyConfig} from '../workspace/config.js'
import {
  basisOf,
  type DeadlineRule,
  type DeadlineUnit,
  type LimitBasis,
  type LimitVersion,
  type Obligation,
  resolveLimit,
  versionFor,
} from '../law/deadline-rules.js'

/** `premature`: a wait rule's target (or an out-of-order target) happened too early. */
import type {DeadlineStatus} from '../law/labels.js'

export type {DeadlineStatus} from '../law/labels.js'

export interface DeadlineRow {
  rule: string
  name: string
  trigger: string
  triggerAt: string | null
  target: string | null
  /** `YYYY-MM-DD`, or a local date-time for hour rules; null when the trigger has not happened. */
  due: string | null
  limit: number | null
  unit: DeadlineUnit
  status: DeadlineStatus
  /** The due date depends on a year without an official holiday arrangement (暂定). */
  provisional: boolean
  article: string
  basis: LimitBasis
  obligation: Obligation
  metAt: string | null
  note: string | null
}

export interface DeadlineContext {
  calendar: WorkingDayCalendar
  rules: readonly DeadlineRule[]
  policy: PolicyConfig
  timezone: string
  /** The local day the check is made for. */
  asOf: string
  /** The moment the check is made for (hour rules); the end of `asOf` when checking a past day. */
  asOfInstant: Date
  /** A pending deadline this many calendar days away or fewer is `due-soon`. */
  soonDays: number
}

/**
 * What the rules read of an event. `effectiveAt`: when a service by public notice takes effect (thirty
 * days after publication, 民事诉讼法 第九十五条); periods that run from the service start then.
 */
export type CheckedEvent = Pick<EventRecord, 'id' | 'event' | 'at'> & {effectiveAt?: string}

/** What the rules read of a document: the periods and facts printed on it. */
export interface DocumentFacts {
  type: string
  fields: Record<string, unknown>
  voided: unknown
}

export interface CaseEvents {
  caseRecord: Pick<CaseRecord, 'id' | 'procedure'>
  /** Effective events (superseded ones removed), in any order. */
  events: readonly CheckedEvent[]
  /** The case's documents, for limits printed on them; none when only events are known. */
  documents?: readonly DocumentFacts[]
}

const PUBLIC_SERVICE_NOTE = '公告送达，自发出公告之日起经过三十日视为送达（民事诉讼法 第九十五条），期限自该日起算'

const byTime = (a: CheckedEvent, b: CheckedEvent): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id)

/** Whether the rule belongs on this case's sheet even before its trigger happens. */
const ruleConcerns = (rule: DeadlineRule, procedure: ProcedureId, happened: ReadonlySet<string>): boolean => {
  if (rule.procedures) return rule.procedures.includes(procedure)
  if (happened.has(rule.trigger)) return true
  const procedures = findEvent(rule.trigger)?.procedures
  return procedures === 'any' || Boolean(procedures?.includes(procedure))
}

/** pause-start … pause-end intervals; a pause still open runs until `asOf`. Paused days: start < day ≤ end. */
const pausedDays = (events: readonly CheckedEvent[], asOf: string): ((date: string) => boolean) => {
  const intervals: Array<{start: string; end: string}> = []
  let open: string | null = null
  for (const event of events) {
    if (event.event === 'pause-start' && open === null) open = localDateOf(event.at)
    if (event.event === 'pause-end' && open !== null) {
      intervals.push({end: localDateOf(event.at), start: open})
      open = null
    }
  }

  if (open !== null) intervals.push({end: asOf, start: open})
  return (date) => intervals.some((interval) => date > interval.start && date <= interval.end)
}

/** Hour rules need moments; a date without a time is read in the party's favour and said so. */
const HOURS_DATE_ONLY_NOTE = '时间只记录到日，触发按当日 24:00、完成按当日 0:00 计'

const computeDue = (
  version: Pick<LimitVersion, 'unit' | 'roll'>,
  limit: number,
  triggerAt: string,
  context: DeadlineContext,
  excluded?: (date: string) => boolean,
): DueDate => {
  const from = localDateOf(triggerAt)
  const {calendar} = context
  switch (version.unit) {
    case 'wd':
      return calendar.addWorkdays(from, limit, {excluded})
    case 'cd':
      return calendar.addCalendarDays(from, limit, {excluded, roll: version.roll ?? true})
    case 'months':
      return calendar.addMonths(from, limit, {roll: version.roll ?? true})
    case 'wd-before':
      return calendar.subtractWorkdays(from, limit)
    case 'cd-before':
      // A period that must end before an event does not roll forward onto a later day.
      return {due: addDays(from, -limit), provisional: false}
    case 'hours': {
      const start = triggerAt.length === 10 ? toInstant(addDays(triggerAt, 1), context.timezone) : toInstant(triggerAt, context.timezone)
      return {due: formatLocal(new Date(start.getTime() + limit * 3_600_000), context.timezone), provisional: false}
    }
  }
}

/** True when `at` (a date or date-time) is no later than `due` (a date, or a date-time for hour rules). */
const onOrBefore = (at: string, due: string, timezone: string): boolean =>
  due.length === 10 ? localDateOf(at) <= due : toInstant(at, timezone).getTime() <= toInstant(due, timezone).getTime()

const isPastDue = (due: string, context: DeadlineContext): boolean =>
  due.length === 10 ? context.asOf > due : context.asOfInstant.getTime() > toInstant(due, context.timezone).getTime()

/**
 * One row per rule that concerns the case: its trigger, due day, and whether the target happened in
 * time. Counting is the calendar's; this function only pairs events with rules.
 */
export const computeDeadlines = (input: CaseEvents, context: DeadlineContext): DeadlineRow[] => {
  const events = [...input.events].sort(byTime)
  const happened = new Set(events.map((event) => event.event))
  const paused = pausedDays(events, context.asOf)
  const documents = (input.documents ?? []).filter((document) => !document.voided)
  return context.rules
    .filter((rule) => ruleConcerns(rule, input.caseRecord.procedure, happened))
    .map((rule) => evaluateRule(rule, events, happened, paused, context, documents))
}

/** The field of the latest live document of `type`, when it is filled. */
const documentValue = (documents: readonly DocumentFacts[], type: string, field: string): {found: boolean; value: unknown} => {
  const document = documents.filter((candidate) => candidate.type === type).at(-1)
  const value = document?.fields[field]
  return {found: document !== undefined, value: typeof value === 'string' ? (value.trim() || undefined) : value}
}

/**
 * The trigger the clock runs from: the rule's own, or an earlier step the law deems to be it (受理 deemed
 * on receipt when 补正 was not notified within five working days).
 */
const triggerOf = (rule: DeadlineRule, events: readonly CheckedEvent[], happened: ReadonlySet<string>, context: DeadlineContext, notes: string[]): CheckedEvent | undefined => {
  const own = events.find((event) => event.event === rule.trigger)
  const deemed = rule.deemedTrigger
  if (!deemed || deemed.unless.some((event) => happened.has(event))) return own
  const receipt = events.find((event) => event.event === deemed.event)
  if (!receipt) return own
  const window = context.calendar.addWorkdays(localDateOf(receipt.at), deemed.limit).due
  const late = own ? localDateOf(own.at) > window : context.asOf > window
  if (!late) return own
  notes.push(`${window} 前未受理也未告知补正，自收到申请材料之日（${localDateOf(receipt.at)}）起即为受理（${deemed.article}）`)
  return receipt
}

const evaluateRule = (
  rule: DeadlineRule,
  events: readonly CheckedEvent[],
  happened: ReadonlySet<string>,
  paused: (date: string) => boolean,
  context: DeadlineContext,
  documents: readonly DocumentFacts[],
): DeadlineRow => {
  const notes: string[] = []
  const trigger = triggerOf(rule, events, happened, context, notes)
  const version = versionFor(rule, trigger ? localDateOf(trigger.at) : '9999-12-31')
  const unit = version.unitSetting ? context.policy[version.unitSetting] : version.unit
  const counting = {roll: version.roll, unit}
  let limit = resolveLimit(version, context.policy)
  let article = version.article
  let basis = basisOf(version)
  if (rule.limitFromDocument) {
    const printed = documentValue(documents, rule.limitFromDocument.document, rule.limitFromDocument.field).value
    const days = typeof printed === 'number' ? printed : Number(printed)
    if (Number.isInteger(days) && days > 0) {
      limit = days
      basis = 'document'
    }
  }

  if (rule.longer && happened.has(rule.longer.event)) {
    limit = rule.longer.limit
    article = `${rule.longer.article}；${article}`
  }

  const base = {
    article,
    basis,
    metAt: null,
    name: rule.name,
    obligation: rule.obligation,
    rule: rule.id,
    target: rule.target,
    trigger: rule.trigger,
    unit,
  }
  if (!trigger) {
    return {...base, due: null, limit, note: null, provisional: false, status: 'not-applicable', triggerAt: null}
  }

  const excluded = rule.pausable ? paused : undefined
  const startsAt = trigger.effectiveAt ?? trigger.at
  if (trigger.effectiveAt) notes.push(PUBLIC_SERVICE_NOTE)
  let due = computeDue(counting, limit, startsAt, context, excluded)
  if (rule.extension) {
    const extension = events.find((event) => event.event === rule.extension?.event && event.at >= trigger.at)
    if (extension && onOrBefore(extension.at, due.due, context.timezone)) {
      limit += rule.extension.amount
      due = computeDue(counting, limit, startsAt, context, excluded)
      notes.push(`已延期 ${rule.extension.amount}（${rule.extension.article}）`)
    } else if (extension) {
      notes.push(`延期决定 ${localDateOf(extension.at)} 晚于原期限 ${due.due}，未计入`)
    }
  }

  if (rule.pausable && events.some((event) => event.event === 'pause-start' && event.at >= trigger.at)) notes.push('已扣除中止期间')
  if (unit === 'hours' && trigger.at.length === 10) notes.push(HOURS_DATE_ONLY_NOTE)
  const row = (status: DeadlineStatus, metAt: string | null = null): DeadlineRow => ({
    article: base.article,
    basis: base.basis,
    due: due.due,
    limit,
    metAt,
    name: base.name,
    note: notes.length > 0 ? notes.join('；') : null,
    obligation: base.obligation,
    provisional: due.provisional,
    rule: base.rule,
    status,
    target: base.target,
    trigger: base.trigger,
    triggerAt: trigger.at,
    unit: base.unit,
  })

  if (rule.target === null) return row(isPastDue(due.due, context) ? 'met' : 'pending')
  const targets = events.filter((event) => event.event === rule.target)
  const triggerDate = localDateOf(trigger.at)

  if (rule.appliesWhenDocumentStates) {
    const {document, field} = rule.appliesWhenDocumentStates
    const stated = documentValue(documents, document, field)
    if (stated.found && stated.value === undefined) {
      notes.push('文书未告知该项权利，不适用')
      return row('not-applicable')
    }
  }

  const waiver = rule.waivedBy ? events.find((event) => event.event === rule.waivedBy) : undefined
  if (waiver && (targets.length === 0 || waiver.at <= targets[0].at || localDateOf(waiver.at) <= localDateOf(targets[0].at))) {
    notes.push(`当事人已于 ${localDateOf(waiver.at)} 放弃（${findEvent(waiver.event)?.name ?? waiver.event}）`)
    return row('not-applicable', targets[0]?.at ?? null)
  }

  if (rule.obligation === 'wait') {
    const instead = rule.alternatives?.find((event) => happened.has(event))
    if (instead) {
      notes.push(`已${findEvent(instead)?.name ?? instead}`)
      return row('not-applicable')
    }

    const first = targets[0]
    if (first) return onOrBefore(first.at, due.due, context.timezone) ? row('premature', first.at) : row('met', first.at)
    if (isPastDue(due.due, context)) notes.push('期间已届满')
    return row(isPastDue(due.due, context) ? 'met' : 'pending')
  }

  if (unit === 'wd-before' || unit === 'cd-before') {
    const before = targets.filter((event) => localDateOf(event.at) <= triggerDate).at(-1)
    if (before) return row(onOrBefore(before.at, due.due, context.timezone) ? 'met' : 'met-late', before.at)
    if (rule.obligation === 'party-right') return row(isPastDue(due.due, context) ? 'not-applicable' : 'pending')
    notes.push('举行前未记录通知')
    return row('overdue')
  }

  if (rule.notBeforeTrigger && targets.some((event) => localDateOf(event.at) < triggerDate)) {
    notes.push('早于触发事件记录')
    return row('premature', targets[0].at)
  }

  const met = targets.find((event) => localDateOf(event.at) >= triggerDate) ?? targets[0]
  if (met) return row(onOrBefore(met.at, due.due, context.timezone) ? 'met' : 'met-late', met.at)

  const alternative = rule.alternatives?.find((event) => happened.has(event))
  if (alternative) {
    notes.push(`已${findEvent(alternative)?.name ?? alternative}，无需${rule.name}`)
    return row('not-applicable')
  }

  const moot = rule.mootAfter?.find((event) => happened.has(event))
  if (moot) {
    notes.push(`已${findEvent(moot)?.name ?? moot}`)
    return row('not-applicable')
  }

  if (!isPastDue(due.due, context)) {
    const soon = rule.obligation === 'agency' && daysBetween(context.asOf, localDateOf(due.due)) <= context.soonDays
    return row(soon ? 'due-soon' : 'pending')
  }

  if (rule.obligation === 'party-right') {
    notes.push('期限已过，当事人未提出')
    return row('not-applicable')
  }

  return row('overdue')
}
