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

/** What the rules read of an event. */
export type CheckedEvent = Pick<EventRecord, 'id' | 'event' | 'at'>

export interface CaseEvents {
  caseRecord: Pick<CaseRecord, 'id' | 'procedure'>
  /** Effective events (superseded ones removed), in any order. */
  events: readonly CheckedEvent[]
}

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
  version: LimitVersion,
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
  return context.rules
    .filter((rule) => ruleConcerns(rule, input.caseRecord.procedure, happened))
    .map((rule) => evaluateRule(rule, events, happened, paused, context))
}

const evaluateRule = (
  rule: DeadlineRule,
  events: readonly CheckedEvent[],
  happened: ReadonlySet<string>,
  paused: (date: string) => boolean,
  context: DeadlineContext,
): DeadlineRow => {
  const trigger = events.find((event) => event.event === rule.trigger)
  const version = versionFor(rule, trigger ? localDateOf(trigger.at) : '9999-12-31')
  const base = {
    article: version.article,
    basis: basisOf(version),
    metAt: null,
    name: rule.name,
    obligation: rule.obligation,
    rule: rule.id,
    target: rule.target,
    trigger: rule.trigger,
    unit: version.unit,
  }
  if (!trigger) {
    return {...base, due: null, limit: resolveLimit(version, context.policy), note: null, provisional: false, status: 'not-applicable', triggerAt: null}
  }

  const notes: string[] = []
  let limit = resolveLimit(version, context.policy)
  const excluded = rule.pausable ? paused : undefined
  let due = computeDue(version, limit, trigger.at, context, excluded)
  if (rule.extension) {
    const extension = events.find((event) => event.event === rule.extension?.event && event.at >= trigger.at)
    if (extension && onOrBefore(extension.at, due.due, context.timezone)) {
      limit += rule.extension.amount
      due = computeDue(version, limit, trigger.at, context, excluded)
      notes.push(`已延期 ${rule.extension.amount}（${rule.extension.article}）`)
    } else if (extension) {
      notes.push(`延期决定 ${localDateOf(extension.at)} 晚于原期限 ${due.due}，未计入`)
    }
  }

  if (rule.pausable && events.some((event) => event.event === 'pause-start' && event.at >= trigger.at)) notes.push('已扣除中止期间')
  if (version.unit === 'hours' && trigger.at.length === 10) notes.push(HOURS_DATE_ONLY_NOTE)
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

  if (rule.obligation === 'wait') {
    const first = targets[0]
    if (first) return onOrBefore(first.at, due.due, context.timezone) ? row('premature', first.at) : row('met', first.at)
    if (isPastDue(due.due, context)) notes.push('期间已届满')
    return row(isPastDue(due.due, context) ? 'met' : 'pending')
  }

  if (version.unit === 'wd-before') {
    const before = targets.filter((event) => localDateOf(event.at) <= triggerDate).at(-1)
    if (before) return row(onOrBefore(before.at, due.due, context.timezone) ? 'met' : 'met-late', before.at)
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
