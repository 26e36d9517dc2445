import {addDays} from '../platform/civil-date.js'
import {WorkingDayCalendar} from './working-day-calendar.js'
import {usageError} from '../platform/errors.js'
import {parseDate, todayLocal, toInstant} from '../platform/local-time.js'
import type {Workspace} from '../workspace/workspace.js'
import {loadAllCaseFacts, loadCaseFacts} from './case-facts.js'
import {type CaseEvaluation, type CaseFacts, evaluateCase, type Finding} from './completeness.js'
import {loadDeadlineRules} from '../law/deadline-rules.js'
import type {DeadlineContext, DeadlineRow} from './deadlines.js'
import {applyWaivers, listWaivers, type WaivedFinding} from './waivers.js'
import {RECORD_TRAIL_ARTICLE, RECORD_TRAIL_RULE, REGISTERED_FILE_ARTICLE, REGISTERED_FILE_RULE} from './check-rules.js'
import {missingRegisteredFiles} from './registered-files.js'
import {groupBy} from '../platform/group-by.js'
import {recordProblemsOfAllCases, recordProblemsOfCases, type WorkspaceAuditVerification} from '../workspace/record-trail.js'

export interface CheckOptions {
  /** The local day to check as of (`YYYY-MM-DD`); default today. */
  asOf?: string
  /** Warn about deadlines this many days ahead; default the workspace policy `dueSoonDays`. */
  soonDays?: number
  now?: Date
  /** The whole-catalog audit verification the caller has already made (nightly), so `--all` does not make it twice. */
  audit?: WorkspaceAuditVerification
}

/** `<workspace>/rules.json`: optional overrides of the deadline table (see loadDeadlineRules). */
export const rulesFilePath = (ws: Workspace): string => ws.paths.rules

export const workspaceCalendar = (ws: Workspace): WorkingDayCalendar => WorkingDayCalendar.fromDirectory(ws.paths.calendarDir)

/** Everything the evaluator needs besides the case: calendar, rules, policy and the moment of the check. */
export const checkContext = (ws: Workspace, options: CheckOptions = {}): DeadlineContext => {
  const timezone = ws.config.timezone
  const now = options.now ?? new Date()
  const asOf = options.asOf === undefined ? todayLocal(timezone, now) : parseDate(options.asOf, '--as-of')
  const soonDays = options.soonDays ?? ws.config.policy.dueSoonDays
  if (!Number.isInteger(soonDays) || soonDays < 0) throw usageError('SOON_DAYS_INVALID', `--soon 应为非负整数，收到 ${soonDays}`)
  return {
    asOf,
    // A past or future day is judged at its end; today is judged now.
    asOfInstant: options.asOf === undefined ? now : new Date(toInstant(addDays(asOf, 1), timezone).getTime() - 1),
    calendar: workspaceCalendar(ws),
    policy: ws.config.policy,
    rules: loadDeadlineRules(rulesFilePath(ws)),
    soonDays,
    timezone,
  }
}

export const evaluateCaseInWorkspace = (ws: Workspace, caseId: string, options: CheckOptions = {}): CaseEvaluation & {asOf: string; facts: CaseFacts} => {
  const context = checkContext(ws, options)
  const facts = loadCaseFacts(ws, caseId)
  return {...evaluateCase(facts, context), asOf: context.asOf, facts}
}

/** The deadline sheet of one case (`zfjl deadlines`). */
export const caseDeadlines = (ws: Workspace, caseId: string, options: CheckOptions = {}): DeadlineRow[] =>
  evaluateCaseInWorkspace(ws, caseId, options).deadlines

/** Every finding for one case; the archive calls this before packing. */
export const checkCase = (ws: Workspace, caseId: string, options: CheckOptions = {}): Finding[] =>
  evaluateCaseInWorkspace(ws, caseId, options).findings

export interface AllCasesEvaluation {
  asOf: string
  cases: Array<{facts: CaseFacts; evaluation: CaseEvaluation}>
}

/** Every case, loaded in bulk (a few queries in all) and evaluated in memory. */
export const evaluateAllCases = (ws: Workspace, options: CheckOptions = {}): AllCasesEvaluation => {
  const context = checkContext(ws, options)
  return {asOf: context.asOf, cases: loadAllCaseFacts(ws).map((facts) => ({evaluation: evaluateCase(facts, context), facts}))}
}

export interface CheckRun {
  asOf: string
  cases: number
  /** Findings that count: those no head has waived. */
  findings: Finding[]
  /** Findings a head accepted with `check waive`; listed, but they do not fail the run. */
  waived: WaivedFinding[]
}

/** `zfjl check`: one case or all, with the waivers a head has given applied. */
export const runCheck = (ws: Workspace, target: {caseId: string} | {all: true}, options: CheckOptions = {}): CheckRun => {
  const caseId = 'caseId' in target ? target.caseId : undefined
  const evaluated = caseId === undefined ? evaluateAllCases(ws, options) : undefined
  const single = caseId === undefined ? undefined : evaluateCaseInWorkspace(ws, caseId, options)
  const asOf = (evaluated ?? single)!.asOf
  const findings = evaluated ? evaluated.cases.flatMap((entry) => entry.evaluation.findings) : single!.findings
  const {open, waived} = applyWaivers(findings, listWaivers(ws, caseId))
  const recordProblems = caseId === undefined ? recordProblemsOfAllCases(ws, options.audit) : recordProblemsOfCases(ws, [caseId])
  const recordFindings = [
    ...[...groupBy(recordProblems, (problem) => problem.caseId!)].map(([caseId, problems]) =>
      recordFinding(caseId, RECORD_TRAIL_RULE, RECORD_TRAIL_ARTICLE, `目录记录与审计链不符（共 ${problems.length} 处）：${problems.slice(0, 3).map((problem) => problem.message).join('；')}。其余检查结果不可信，用 zfjl audit verify 查明`),
    ),
    ...[...groupBy(missingRegisteredFiles(ws, caseId), (file) => file.caseId)].map(([caseId, files]) =>
      recordFinding(
        caseId,
        REGISTERED_FILE_RULE,
        REGISTERED_FILE_ARTICLE,
        `登记的文件不在原位置（共 ${files.length} 个）：${files
          .slice(0, 3)
          .map((file) => `${file.id}（${file.file}${file.awaiting ? `，尚未放到位，副本在暂存处 ${file.awaiting}` : ''}）`)
          .join('、')}。用 zfjl media verify、zfjl doctor 和 zfjl audit log 查明`,
      ),
    ),
  ]
  // Not waivable: a waiver is itself one of the records that may have been forged.
  return {asOf, cases: evaluated ? evaluated.cases.length : 1, findings: [...recordFindings, ...open], waived}
}

/** An error about a case's records (the audit trail, the files in place): one per case, never waivable. */
const recordFinding = (caseId: string, rule: string, article: string, message: string): Finding => ({
  article,
  case: caseId,
  due: null,
  kind: 'record',
  message,
  rule,
  severity: 'error',
  subject: null,
})
