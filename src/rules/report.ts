import {findProcedure, PROCEDURE_IDS} from '../law/procedures.js'
import {usageError} from '../platform/errors.js'
import {localDateOf, parseDate} from '../platform/local-time.js'
import type {Workspace} from '../workspace/workspace.js'
import {type CheckOptions, evaluateAllCases} from './check.js'
import type {CaseEvaluation, CaseFacts, Finding} from './completeness.js'
import {applyWaivers, listWaivers, type Waiver} from './waivers.js'

export type ReportDimension = 'officer' | 'procedure'

export interface ReportGroup {
  /** Officer name, or procedure id. */
  key: string
  label: string
  caseCount: number
  closed: number
  documents: number
  /** AV duties of steps that happened (第三章 各条) and how many have a linked recording. */
  avRequired: number
  avCovered: number
  /** avCovered / avRequired, or null when no step carried an AV duty. */
  avCoverage: number | null
  /** The bureau's own deadlines (not the party's): met, met late, overdue, still running. */
  deadlines: {met: number; metLate: number; overdue: number; running: number}
  errors: number
  warnings: number
}

export interface AssessmentReport {
  unit: string
  from: string | null
  to: string | null
  asOf: string
  caseCount: number
  byOfficer?: ReportGroup[]
  byProcedure?: ReportGroup[]
  /** Findings a head accepted (`zfjl check waive`) on the cases of the period; not counted in errors/warnings. */
  waivers: Waiver[]
}

export interface ReportOptions extends CheckOptions {
  from?: string
  to?: string
  by?: ReportDimension
}

/** A case belongs to the period in which its first recorded step happened (else the day it was registered). */
const startDateOf = (facts: CaseFacts): string => localDateOf(facts.events[0]?.at ?? facts.caseRecord.createdAt)

const emptyGroup = (key: string, label: string): ReportGroup => ({
  avCoverage: null,
  avCovered: 0,
  avRequired: 0,
  caseCount: 0,
  closed: 0,
  deadlines: {met: 0, metLate: 0, overdue: 0, running: 0},
  documents: 0,
  errors: 0,
  key,
  label,
  warnings: 0,
})

const addCase = (group: ReportGroup, facts: CaseFacts, evaluation: CaseEvaluation, findings: readonly Finding[]): void => {
  group.caseCount++
  if (facts.caseRecord.status === 'closed') group.closed++
  group.documents += facts.documents.filter((document) => document.voided === null).length
  group.avRequired += evaluation.avDuties.required
  group.avCovered += evaluation.avDuties.covered
  for (const row of evaluation.deadlines) {
    if (row.obligation !== 'agency') continue
    if (row.status === 'met') group.deadlines.met++
    else if (row.status === 'met-late') group.deadlines.metLate++
    else if (row.status === 'overdue') group.deadlines.overdue++
    else if (row.status === 'pending' || row.status === 'due-soon') group.deadlines.running++
  }

  for (const finding of findings) {
    if (finding.severity === 'error') group.errors++
    else group.warnings++
  }
}

const finish = (groups: Iterable<ReportGroup>): ReportGroup[] =>
  [...groups].map((group) => ({...group, avCoverage: group.avRequired === 0 ? null : group.avCovered / group.avRequired}))

/**
 * 第四十九条 考核: per officer and per procedure, the cases handled in the period and how completely
 * they were recorded. Built from the same evaluation as `check`, so the two never disagree.
 */
export const buildAssessmentReport = (ws: Workspace, options: ReportOptions = {}): AssessmentReport => {
  const from = options.from === undefined ? null : parseDate(options.from, '--from')
  const to = options.to === undefined ? null : parseDate(options.to, '--to')
  if (from && to && from > to) throw usageError('PERIOD_INVALID', `--from ${from} 晚于 --to ${to}`)
  const {asOf, cases: all} = evaluateAllCases(ws, options)
  const inPeriod = all.filter(({facts}) => {
    const start = startDateOf(facts)
    return (!from || start >= from) && (!to || start <= to)
  })

  const officers = new Map<string, ReportGroup>()
  for (const officer of ws.config.officers) officers.set(officer.name, emptyGroup(officer.name, `${officer.name}（${officer.certNo}）`))
  const procedures = new Map(PROCEDURE_IDS.map((id) => [id, emptyGroup(id, findProcedure(id)?.name ?? id)]))
  const caseIds = new Set(inPeriod.map(({facts}) => facts.caseRecord.id))
  const waivers = listWaivers(ws).filter((waiver) => caseIds.has(waiver.caseId))
  for (const {evaluation, facts} of inPeriod) {
    const findings = waivers.length === 0 ? evaluation.findings : applyWaivers(evaluation.findings, waivers).open
    for (const officer of facts.caseRecord.officers) {
      if (!officers.has(officer.name)) officers.set(officer.name, emptyGroup(officer.name, `${officer.name}（${officer.certNo}）`))
      addCase(officers.get(officer.name) as ReportGroup, facts, evaluation, findings)
    }

    addCase(procedures.get(facts.caseRecord.procedure) ?? emptyGroup(facts.caseRecord.procedure, facts.caseRecord.procedure), facts, evaluation, findings)
  }

  return {
    asOf,
    caseCount: inPeriod.length,
    from,
    to,
    unit: ws.config.unit,
    ...(options.by !== 'procedure' ? {byOfficer: finish(officers.values())} : {}),
    ...(options.by !== 'officer' ? {byProcedure: finish(procedures.values())} : {}),
    waivers,
  }
}
