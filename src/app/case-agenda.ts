import {type ArchiveStatus, archiveStatus} from '../archive/archive-status.js'
import {addDays} from '../platform/civil-date.js'
import {evaluateAllCases} from '../rules/check.js'
import type {Finding} from '../rules/completeness.js'
import type {DeadlineRow} from '../rules/deadlines.js'
import type {CaseRecord} from '../workspace/records.js'
import type {Workspace} from '../workspace/workspace.js'

export interface AgendaFilter {
  procedure?: string
  status?: 'open' | 'closed'
  /** Cases this officer handles (by name). */
  officer?: string
  /** true: with a current archive; false: never packed or changed since. */
  archived?: boolean
  /** Cases with a running period due within this many days of `asOf`. */
  dueWithinDays?: number
  asOf?: string
}

export interface CaseAgendaEntry extends CaseRecord {
  archive: ArchiveStatus
  /** Running periods, soonest first (pending, due soon, overdue). */
  openDeadlines: Array<Pick<DeadlineRow, 'rule' | 'name' | 'due' | 'status' | 'article'>>
  errors: Finding[]
  /** What the case needs next, for people: the first error, else the soonest period, else archiving. */
  next: string | null
}

const RUNNING = new Set(['pending', 'due-soon', 'overdue'])

/**
 * Cases with what each needs next: one evaluation feeds `case list`'s filters and `zfjl todo`, so the
 * two never disagree with `check`.
 */
export const caseAgenda = (ws: Workspace, filter: AgendaFilter = {}): {asOf: string; cases: CaseAgendaEntry[]} => {
  const {asOf, cases} = evaluateAllCases(ws, {asOf: filter.asOf})
  const horizon = filter.dueWithinDays === undefined ? null : addDays(asOf, filter.dueWithinDays)
  const entries = cases
    .filter(({facts}) => !filter.procedure || facts.caseRecord.procedure === filter.procedure)
    .filter(({facts}) => !filter.status || facts.caseRecord.status === filter.status)
    .filter(({facts}) => !filter.officer || facts.caseRecord.officers.some((officer) => officer.name === filter.officer))
    .map(({evaluation, facts}): CaseAgendaEntry => {
      const openDeadlines = evaluation.deadlines
        .filter((row) => RUNNING.has(row.status) && row.due !== null)
        .sort((a, b) => (a.due ?? '').localeCompare(b.due ?? ''))
        .map(({article, due, name, rule, status}) => ({article, due, name, rule, status}))
      const errors = evaluation.findings.filter((finding) => finding.severity === 'error')
      const archive = archiveStatus(ws, facts.caseRecord.id)
      const next =
        errors[0]?.message ??
        (openDeadlines[0] ? `${openDeadlines[0].name}：${openDeadlines[0].due} 到期` : null) ??
        (facts.caseRecord.status === 'closed' && archive.changedSince !== false ? `归档：zfjl archive pack ${facts.caseRecord.id}` : null)
      return {...facts.caseRecord, archive, errors, next, openDeadlines}
    })
    .filter((entry) => filter.archived === undefined || filter.archived === (entry.archive.changedSince === false))
    .filter((entry) => horizon === null || entry.openDeadlines.some((row) => row.due !== null && row.due.slice(0, 10) <= horizon))
  return {asOf, cases: entries}
}

/** Most urgent first: overdue periods, then errors, then the soonest due date, then the rest by id. */
export const byUrgency = (a: CaseAgendaEntry, b: CaseAgendaEntry): number => {
  const rank = (entry: CaseAgendaEntry) => (entry.openDeadlines.some((row) => row.status === 'overdue') ? 0 : entry.errors.length > 0 ? 1 : entry.openDeadlines.length > 0 ? 2 : 3)
  return rank(a) - rank(b) || (a.openDeadlines[0]?.due ?? '9').localeCompare(b.openDeadlines[0]?.due ?? '9') || a.id.localeCompare(b.id)
}
