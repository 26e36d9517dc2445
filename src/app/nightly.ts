import {appendFileSync} from 'node:fs'
import {join} from 'node:path'

import {archiveStatus} from '../archive/archive-status.js'
import {listCases} from '../cases/case-service.js'
import {type FixityEntry, type FixityStatus, FIXITY_STATUSES, verifyMedia} from '../media/media-verify.js'
import {ZfjlError} from '../platform/errors.js'
import {formatLocal} from '../platform/local-time.js'
import {runCheck} from '../rules/check.js'
import type {Finding} from '../rules/completeness.js'
import {verifyWorkspaceAudit} from '../workspace/record-trail.js'
import type {Workspace} from '../workspace/workspace.js'

export interface NightlyOptions {
  /** Re-hash at most this many bytes, cases verified longest ago first (a rotating share); all when absent. */
  budgetBytes?: number
  /** Pack closed cases whose record has no current archive (never packed, or changed since). */
  packClosed?: boolean
  asOf?: string
  now?: () => Date
}

export interface NightlySummary {
  startedAt: string
  finishedAt: string
  durationMs: number
  /** The worst outcome, which decides the exit code: integrity (6) > findings (1) > ok (0). */
  outcome: 'ok' | 'findings' | 'integrity'
  fixity: {caseIds: string[]; skippedCaseIds: string[]; counts: Record<FixityStatus, number>; problems: FixityEntry[]}
  check: {asOf: string; caseCount: number; errors: number; warnings: number; errorFindings: Finding[]}
  archives: {
    closedUnarchived: string[]
    packed: Array<{caseId: string; file: string; sm3: string}>
    packFailures: Array<{caseId: string; code: string; message: string}>
  }
  /** Record the head somewhere off this machine (mail, the supervision platform): it anchors the chain. */
  audit: {ok: boolean; rows: number; head: {seq: number; hash: string} | null; problem: string | null}
}

/** Cases ordered by their last fixity run, never-verified first, cut where the byte budget runs out. */
const casesWithinBudget = (ws: Workspace, caseIds: string[], budgetBytes: number | undefined): string[] => {
  if (budgetBytes === undefined) return caseIds
  const lastRun = new Map(
    ws.db.all<{case_id: string; at: string}>('SELECT case_id, MAX(finished_at) AS at FROM fixity_runs WHERE case_id IS NOT NULL GROUP BY case_id').map(
      (row) => [row.case_id, row.at],
    ),
  )
  const bytes = new Map(
    ws.db.all<{case_id: string; bytes: number}>('SELECT case_id, SUM(size) AS bytes FROM media GROUP BY case_id').map((row) => [row.case_id, row.bytes]),
  )
  const ordered = [...caseIds].sort((a, b) => (lastRun.get(a) ?? '').localeCompare(lastRun.get(b) ?? '') || a.localeCompare(b))
  const chosen: string[] = []
  let spent = 0
  for (const caseId of ordered) {
    const size = bytes.get(caseId) ?? 0
    // The first case always goes, so a budget smaller than any case still makes progress.
    if (chosen.length > 0 && spent + size > budgetBytes) break
    chosen.push(caseId)
    spent += size
  }

  return chosen
}

/**
 * The nightly job: fixity of the evidence (all of it, or a rotating share), `check --all`, the audit
 * chain, and optionally packing closed cases without a current archive. One summary for the script, one
 * line appended to `.zfjl/nightly.log` for the unit's own history.
 */
export const runNightly = async (ws: Workspace, options: NightlyOptions = {}): Promise<NightlySummary> => {
  const now = options.now ?? (() => new Date())
  const started = now()
  const allCaseIds = listCases(ws).map((record) => record.id)
  const fixityCaseIds = casesWithinBudget(ws, allCaseIds, options.budgetBytes)
  const counts = Object.fromEntries(FIXITY_STATUSES.map((status) => [status, 0])) as Record<FixityStatus, number>
  const problems: FixityEntry[] = []
  for (const caseId of fixityCaseIds) {
    // Records are verified below for the whole catalog in one pass, not here case by case.
    const result = await verifyMedia(ws, {caseId, records: false})
    for (const status of FIXITY_STATUSES) counts[status] += result.counts[status]
    problems.push(...result.entries.filter((entry) => entry.status !== 'ok'))
  }

  // The chain and every catalog row against the digest its audit row holds, as `audit verify` does; the
  // check reads its record problems from it instead of verifying the whole catalog a second time.
  const verified = verifyWorkspaceAudit(ws.db, ws.paths.auditHead)
  // As `zfjl check --all` judges: records and registered files included, waived findings not counted.
  const {asOf, cases, findings} = runCheck(ws, {all: true}, {asOf: options.asOf, audit: verified})
  const errorFindings = findings.filter((finding) => finding.severity === 'error')

  const closedUnarchived = listCases(ws, {status: 'closed'})
    .map((record) => record.id)
    .filter((caseId) => archiveStatus(ws, caseId).changedSince !== false)
  const packed: NightlySummary['archives']['packed'] = []
  const packFailures: NightlySummary['archives']['packFailures'] = []
  if (options.packClosed) {
    // Packing brings the zip writer, signing and docx: loaded only when asked for.
    const {packCase} = await import('../archive/pack-case.js')
    for (const caseId of closedUnarchived) {
      try {
        const archive = await packCase(ws, caseId)
        packed.push({caseId, file: archive.file, sm3: archive.sm3})
      } catch (error) {
        if (!(error instanceof ZfjlError)) throw error
        packFailures.push({caseId, code: error.code, message: error.message})
      }
    }
  }

  // Packing appended to the chain: what the summary reports must include those rows.
  const chain = packed.length === 0 ? verified : verifyWorkspaceAudit(ws.db, ws.paths.auditHead)
  const finished = now()
  // As `media verify` judges it: any file that is not exactly as registered, unregistered ones included.
  const integrityBroken = !chain.ok || problems.length > 0 || findings.some((finding) => finding.kind === 'record')
  const summary: NightlySummary = {
    archives: {closedUnarchived: closedUnarchived.filter((caseId) => !packed.some((entry) => entry.caseId === caseId)), packFailures, packed},
    audit: {head: chain.head ? {hash: chain.head.hash, seq: chain.head.seq} : null, ok: chain.ok, problem: chain.firstBroken?.message ?? chain.records.problems[0]?.message ?? null, rows: chain.rows},
    check: {asOf, caseCount: cases, errorFindings, errors: errorFindings.length, warnings: findings.length - errorFindings.length},
    durationMs: finished.getTime() - started.getTime(),
    finishedAt: formatLocal(finished, ws.config.timezone),
    fixity: {caseIds: fixityCaseIds, counts, problems, skippedCaseIds: allCaseIds.filter((caseId) => !fixityCaseIds.includes(caseId))},
    outcome: integrityBroken ? 'integrity' : errorFindings.length > 0 || packFailures.length > 0 ? 'findings' : 'ok',
    startedAt: formatLocal(started, ws.config.timezone),
  }
  appendFileSync(
    join(ws.paths.state, 'nightly.log'),
    `${JSON.stringify({
      at: summary.finishedAt,
      auditHead: summary.audit.head,
      checkErrors: summary.check.errors,
      closedUnarchived: summary.archives.closedUnarchived.length,
      durationMs: summary.durationMs,
      fixity: counts,
      outcome: summary.outcome,
      packed: packed.length,
    })}\n`,
  )
  return summary
}
