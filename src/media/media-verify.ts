import {existsSync, readdirSync, type Stats} from 'node:fs'
import {join, relative} from 'node:path'

import {getCase, listCases} from '../cases/case-service.js'
import {usageError} from '../platform/errors.js'
import {entryAt, isRegularFile} from '../platform/file-kind.js'
import {formatLocal} from '../platform/local-time.js'
import {type AwaitingCopy, copiesAwaitingPlacement} from '../workspace/file-placement.js'
import {type RecordProblem, recordProblemsOfAllCases, recordProblemsOfCases} from '../workspace/record-trail.js'
import type {Workspace} from '../workspace/workspace.js'
import {DigestPool} from '../platform/digest/digest-pool.js'
import type {Digests} from '../platform/digest/digest.js'
import {digestFile} from './evidence-digests.js'
import {displacedFiles, evidenceDisplacement} from './evidence-location.js'
import {mediaRows, type MediaRow} from './media-store.js'

export type FixityStatus = 'ok' | 'changed' | 'missing' | 'moved' | 'unregistered'

export const FIXITY_STATUSES: readonly FixityStatus[] = ['ok', 'changed', 'missing', 'moved', 'unregistered']

export interface FixityEntry {
  status: FixityStatus
  caseId: string
  /** Null for unregistered files. */
  mediaId: string | null
  /** Registered path (or, for unregistered files, the path found), relative to the workspace root. */
  file: string
  /** For moved files: where the registered content is now. */
  movedTo: string | null
  expected: {size: number; sha256: string; sm3: string} | null
  actual: {size: number; sha256: string | null; sm3: string | null} | null
  /** What is wrong, for people. */
  detail: string | null
}

export interface VerifyOptions {
  caseId?: string
  all?: boolean
  /** Size and modification time only, no hashing. */
  fast?: boolean
  pool?: DigestPool
  onProgress?: (bytesDone: number, bytesTotal: number) => void
  now?: Date
  /** Compare the cases' rows with the audit chain too (default); nightly verifies the whole catalog once itself. */
  records?: boolean
}

export interface VerifyResult {
  mode: 'full' | 'fast'
  caseIds: string[]
  ok: boolean
  counts: Record<FixityStatus, number>
  entries: FixityEntry[]
  /**
   * The verified cases' catalog rows that no longer match the audit chain: a file judged 完好 against a
   * registered digest someone rewrote in the catalog is not 完好.
   */
  records: RecordProblem[]
  /** Row id of this run in fixity_runs. */
  runId: number
}

/** Everything under `directory` except folders; symlinks are listed as found, never followed. */
const filesUnder = (directory: string): string[] => {
  if (!existsSync(directory)) return []
  const found: string[] = []
  for (const entry of readdirSync(directory, {withFileTypes: true})) {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) found.push(...filesUnder(path))
    else found.push(path)
  }

  return found
}

const NOT_REGULAR = (info: Stats): string =>
  info.isSymbolicLink() ? '登记的文件已被替换为符号链接（证据必须是案件文件夹中的文件本身）' : '登记的位置上不是普通文件（文件夹、设备或管道）'

const expectedOf = (row: MediaRow) => ({sha256: row.sha256, size: row.size, sm3: row.sm3})

interface CaseScan {
  caseId: string
  rows: MediaRow[]
  unregistered: string[]
  /** Registered files reached through a symlinked folder (`cases/`, the case folder, its media folder), with why. */
  displaced: Map<string, string>
}

const scanCase = (ws: Workspace, caseId: string): CaseScan => {
  const rows = mediaRows(ws, caseId)
  const registered = new Set(rows.map((row) => join(ws.root, row.file)))
  const displaced = displacedFiles(ws, registered)

  const mediaDir = ws.casePaths(caseId).media
  // A symlinked media folder is not searched: what lies behind it is not in the workspace.
  const unregistered = evidenceDisplacement(ws, mediaDir) === null ? filesUnder(mediaDir).filter((path) => !registered.has(path)) : []
  return {caseId, displaced, rows, unregistered}
}

/**
 * The fixity audit (`media verify`, like `hashdeep -a`): every registered file re-hashed with both
 * digests (or, `fast`, checked by size and modification time), files present but not registered
 * listed, and a registered file found under another name reported as moved rather than as one
 * missing plus one unregistered. Each run and its results are recorded, with an audit row of counts.
 */
export const verifyMedia = async (ws: Workspace, options: VerifyOptions): Promise<VerifyResult> => {
  if (!options.caseId && !options.all) throw usageError('MEDIA_VERIFY_SCOPE', '请指定案件编号，或用 --all 校验全部案件')
  if (options.caseId && options.all) throw usageError('MEDIA_VERIFY_SCOPE', '案件编号与 --all 只能二选一')
  const caseIds = options.caseId ? [getCase(ws, options.caseId).id] : listCases(ws).map((entry) => entry.id)
  const scans = caseIds.map((caseId) => scanCase(ws, caseId))
  const awaiting = copiesAwaitingPlacement(ws.db)
  const started = options.now ?? new Date()
  const mode = options.fast ? 'fast' : 'full'

  const toHash = options.fast
    ? []
    : scans
        .flatMap((scan) => [
          // A copy still waiting in the staging folder is what was registered: it is hashed there.
          ...scan.rows.map((row) => join(ws.root, row.file)).filter((path) => !scan.displaced.has(path)).map((path) => awaiting.get(path)?.staged ?? path),
          ...scan.unregistered,
        ])
        .filter((path) => isRegularFile(path))
  const digests = new Map<string, Digests | null>()
  if (toHash.length > 0) {
    const total = toHash.reduce((sum, path) => sum + (entryAt(path)?.size ?? 0), 0)
    let done = 0
    const pool = options.pool ?? new DigestPool()
    try {
      await Promise.all(
        toHash.map(async (path) => {
          const outcome = await digestFile(pool, path, (bytes) => {
            done += bytes
            options.onProgress?.(done, total)
          })
          digests.set(path, outcome.ok ? outcome.value : null)
        }),
      )
    } finally {
      if (!options.pool) await pool.close()
    }
  }

  const entries: FixityEntry[] = []
  for (const scan of scans) entries.push(...judgeCase(ws, scan, digests, awaiting, options.fast === true))

  const counts = Object.fromEntries(FIXITY_STATUSES.map((status) => [status, entries.filter((entry) => entry.status === status).length])) as Record<
    FixityStatus,
    number
  >
  const records = options.records === false ? [] : options.all ? recordProblemsOfAllCases(ws) : recordProblemsOfCases(ws, caseIds)
  const ok = entries.every((entry) => entry.status === 'ok') && records.length === 0
  const runId = ws.transact((audit) => {
    const finished = formatLocal(new Date(), ws.config.timezone)
    const {id: run} = ws.db.get<{id: number}>(
      'INSERT INTO fixity_runs (case_id, mode, started_at, finished_at, actor, counts) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      options.caseId ?? null,
      mode,
      formatLocal(started, ws.config.timezone),
      finished,
      ws.actor.name,
      JSON.stringify(counts),
    )!
    for (const entry of entries) {
      ws.db.run(
        'INSERT INTO fixity_results (run_id, media_id, path, status, detail) VALUES (?, ?, ?, ?, ?)',
        run,
        entry.mediaId,
        entry.movedTo ?? entry.file,
        entry.status,
        entry.detail,
      )
    }

    audit({
      action: 'media.verify',
      caseId: options.caseId ?? null,
      details: {cases: caseIds.length, counts, mode, ok, recordProblems: records.length, run},
      subject: options.caseId ?? 'all',
    })
    return run
  })

  return {caseIds, counts, entries, mode, ok, records, runId}
}

/**
 * A registered file whose copy still waits in the staging folder (its rename was refused, or another
 * file took its name): not in place, so never 完好, but judged by the copy that was registered, not
 * by whatever lies at its name.
 */
const judgeAwaiting = (row: MediaRow, path: string, copy: AwaitingCopy, digests: Map<string, Digests | null>, fast: boolean): Pick<FixityEntry, 'actual' | 'detail' | 'status'> => {
  const where = `${entryAt(path) ? '原位置上是另一个未登记的文件，' : ''}登记的副本仍在暂存处 ${copy.staged}`
  if (!copy.present) return {actual: null, detail: `登记的文件尚未放到原位置，暂存处的副本 ${copy.staged} 也已不存在`, status: 'missing'}
  const info = entryAt(copy.staged)!
  const digest = fast ? {sha256: null, size: info.size, sm3: null} : digests.get(copy.staged)
  const same = fast ? info.size === row.size && Math.abs(info.mtimeMs - row.mtime_ms) < 1 : digest?.size === row.size && digest.sha256 === row.sha256 && digest.sm3 === row.sm3
  if (!same) return {actual: digest ?? null, detail: `登记的文件尚未放到原位置（${where}），且该副本与登记不符`, status: 'changed'}
  return {actual: digest ?? null, detail: `登记的文件尚未放到原位置（${where}，${fast ? '按大小和修改时间' : ''}与登记一致；改名被拒绝或目标名被占用，见 zfjl doctor）`, status: 'missing'}
}

const judgeCase = (ws: Workspace, scan: CaseScan, digests: Map<string, Digests | null>, awaiting: Map<string, AwaitingCopy>, fast: boolean): FixityEntry[] => {
  const relativePath = (path: string) => relative(ws.root, path).split('\\').join('/')
  const entries: FixityEntry[] = []
  const unclaimed = new Set(scan.unregistered)
  const base = (row: MediaRow) => ({caseId: scan.caseId, expected: expectedOf(row), file: row.file, mediaId: row.id, movedTo: null})
  const missingRows: MediaRow[] = []
  for (const row of scan.rows) {
    const path = join(ws.root, row.file)
    const displaced = scan.displaced.get(path)
    if (displaced) {
      entries.push({...base(row), actual: null, detail: displaced, status: 'changed'})
      continue
    }

    const copy = awaiting.get(path)
    if (copy) {
      entries.push({...base(row), ...judgeAwaiting(row, path, copy, digests, fast)})
      continue
    }

    const info = entryAt(path)
    if (!info) {
      missingRows.push(row)
      continue
    }

    if (!info.isFile()) {
      entries.push({...base(row), actual: null, detail: NOT_REGULAR(info), status: 'changed'})
      continue
    }

    if (fast) {
      const same = info.size === row.size && Math.abs(info.mtimeMs - row.mtime_ms) < 1
      entries.push({
        ...base(row),
        actual: {sha256: null, size: info.size, sm3: null},
        detail: same ? null : `大小或修改时间与登记不符（登记 ${row.size} 字节，现为 ${info.size} 字节）`,
        status: same ? 'ok' : 'changed',
      })
      continue
    }

    const digest = digests.get(path)
    if (!digest) {
      entries.push({...base(row), actual: null, detail: '文件存在但无法读取', status: 'changed'})
      continue
    }

    const same = digest.size === row.size && digest.sha256 === row.sha256 && digest.sm3 === row.sm3
    entries.push({
      ...base(row),
      actual: {sha256: digest.sha256, size: digest.size, sm3: digest.sm3},
      detail: same ? null : `内容与登记不符（SHA-256 登记 ${row.sha256.slice(0, 16)}…，现为 ${digest.sha256.slice(0, 16)}…）`,
      status: same ? 'ok' : 'changed',
    })
  }

  for (const row of missingRows) {
    const match = [...unclaimed].find((path) => {
      const info = entryAt(path)
      if (!info?.isFile()) return false
      if (fast) return info.size === row.size && Math.abs(info.mtimeMs - row.mtime_ms) < 1

      const digest = digests.get(path)
      return digest?.sha256 === row.sha256 && digest.sm3 === row.sm3
    })
    if (match) {
      unclaimed.delete(match)
      entries.push({
        ...base(row),
        actual: {sha256: digests.get(match)?.sha256 ?? null, size: entryAt(match)?.size ?? 0, sm3: digests.get(match)?.sm3 ?? null},
        detail: `登记的文件不在原位置，内容${fast ? '（按大小和修改时间）' : ''}出现在 ${relativePath(match)}`,
        movedTo: relativePath(match),
        status: 'moved',
      })
    } else {
      entries.push({...base(row), actual: null, detail: '登记的文件已不存在（被删除或移出案件文件夹）', status: 'missing'})
    }
  }

  for (const path of unclaimed) {
    const digest = digests.get(path)
    const info = entryAt(path)
    entries.push({
      actual: {sha256: digest?.sha256 ?? null, size: info?.size ?? 0, sm3: digest?.sm3 ?? null},
      caseId: scan.caseId,
      detail: info?.isSymbolicLink() ? '案件音像文件夹中有未登记的符号链接' : '案件音像文件夹中有未登记的文件',
      expected: null,
      file: relativePath(path),
      mediaId: null,
      movedTo: null,
      status: 'unregistered',
    })
  }

  return entries
}
