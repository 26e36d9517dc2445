import {createHash} from 'node:crypto'
import {existsSync, readFileSync} from 'node:fs'

import {writeFileAtomic} from '../atomic-file.js'
import {canonicalJson} from '../canonical-json.js'
import {integrityError, ZfjlError} from '../errors.js'
import type {Catalog, SqlParameter} from './catalog.js'
import {parseStoredJson} from '../stored-json.js'

export const GENESIS_HASH = '0'.repeat(64)

export interface Actor {
  /** The officer or person acting (--officer, ZFJL_OFFICER, or the configured default). */
  name: string
  /** The operating-system account that ran the command. */
  osUser: string
}

export interface AuditEntry {
  action: string
  subject: string
  caseId?: string | null
  details?: Record<string, unknown>
}

export interface AuditRow {
  seq: number
  at: string
  actor: string
  osUser: string
  action: string
  caseId: string | null
  subject: string
  details: Record<string, unknown>
  prevHash: string
  hash: string
}

export interface AuditHead {
  seq: number
  hash: string
}

/** An audit_log row as SQLite returns it. */
export interface RawAuditRow {
  seq: number
  at: string
  actor: string
  os_user: string
  action: string
  case_id: string | null
  subject: string
  details: string
  prev_hash: string
  hash: string
}

/** The hash covers every column but itself, in a canonical encoding, so any edit shows. */
export const hashAuditRow = (row: Omit<AuditRow, 'hash'>): string =>
  createHash('sha256')
    .update(
      canonicalJson({
        action: row.action,
        actor: row.actor,
        at: row.at,
        caseId: row.caseId,
        details: row.details,
        osUser: row.osUser,
        prevHash: row.prevHash,
        seq: row.seq,
        subject: row.subject,
      }),
    )
    .digest('hex')

export const toAuditRow = (raw: RawAuditRow): AuditRow => ({
  action: raw.action,
  actor: raw.actor,
  at: raw.at,
  caseId: raw.case_id,
  details: parseStoredJson<Record<string, unknown>>(raw.details, `audit_log 表第 ${raw.seq} 条的 details 列`),
  hash: raw.hash,
  osUser: raw.os_user,
  prevHash: raw.prev_hash,
  seq: raw.seq,
  subject: raw.subject,
})

/** Appends one row; must run inside the caller's write transaction so the change and its record commit together. */
export const appendAudit = (db: Catalog, actor: Actor, entry: AuditEntry, at = new Date()): AuditRow => {
  const last = db.get<AuditHead>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
  const unhashed = {
    action: entry.action,
    actor: actor.name,
    at: at.toISOString(),
    caseId: entry.caseId ?? null,
    details: entry.details ?? {},
    osUser: actor.osUser,
    prevHash: last?.hash ?? GENESIS_HASH,
    seq: (last?.seq ?? 0) + 1,
    subject: entry.subject,
  }
  const row: AuditRow = {...unhashed, hash: hashAuditRow(unhashed)}
  db.run(
    `INSERT INTO audit_log (seq, at, actor, os_user, action, case_id, subject, details, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    row.seq,
    row.at,
    row.actor,
    row.osUser,
    row.action,
    row.caseId,
    row.subject,
    canonicalJson(row.details),
    row.prevHash,
    row.hash,
  )
  return row
}

export const currentAuditHead = (db: Catalog): AuditHead | undefined =>
  db.get<AuditHead>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')

/**
 * The head as recorded outside the table (`.zfjl/audit-head.json`), so that deleting the newest rows
 * cannot go unnoticed. `pending` is the head a transaction is about to commit: it is written under the
 * write lock just before COMMIT and cleared right after, so a crash between the two leaves a head that
 * names exactly the rows of that last transaction; the next writer then rolls forward (the COMMIT
 * happened) or back (it did not) instead of taking the crash for tampering.
 */
export interface RecordedAuditHead extends AuditHead {
  pending?: AuditHead
}

export const EMPTY_AUDIT_HEAD: AuditHead = {hash: GENESIS_HASH, seq: 0}

export const writeAuditHead = (headPath: string, head: RecordedAuditHead): void =>
  writeFileAtomic(headPath, `${JSON.stringify(head, null, 2)}\n`)

const isHead = (value: unknown): value is AuditHead =>
  typeof value === 'object' &&
  value !== null &&
  Number.isInteger((value as AuditHead).seq) &&
  typeof (value as AuditHead).hash === 'string' &&
  /^[0-9a-f]{64}$/.test((value as AuditHead).hash)

/** The recorded head, or undefined when the file is missing; an unreadable file is itself tampering. */
export const readAuditHead = (headPath: string): RecordedAuditHead | undefined => {
  if (!existsSync(headPath)) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(headPath, 'utf8'))
  } catch {
    parsed = undefined
  }

  const pending = (parsed as RecordedAuditHead | undefined)?.pending
  if (!isHead(parsed) || (pending !== undefined && !isHead(pending))) {
    throw integrityError('AUDIT_HEAD_UNREADABLE', `审计链头记录文件 ${headPath} 已损坏，无法读取。用 zfjl audit verify 检查，并与单位在本机之外留存的链头核对`)
  }

  return pending ? {hash: parsed.hash, pending: {hash: pending.hash, seq: pending.seq}, seq: parsed.seq} : {hash: parsed.hash, seq: parsed.seq}
}

const sameHead = (a: AuditHead, b: AuditHead): boolean => a.seq === b.seq && a.hash === b.hash

/**
 * Whether one audit row, read on its own, is in the chain: its hash is its content's, the row before
 * it is the one it names, and the row after it (or, for the newest, the recorded head) names it back.
 * A row replaced or slipped in anywhere fails one of these links; only a whole chain rebuilt together
 * with its head file passes, which the head kept off the machine shows.
 */
export const isChained = (db: Catalog, row: AuditRow, headPath: string): boolean => {
  if (hashAuditRow(row) !== row.hash) return false
  const previous = row.seq === 1 ? GENESIS_HASH : db.get<{hash: string}>('SELECT hash FROM audit_log WHERE seq = ?', row.seq - 1)?.hash
  if (previous !== row.prevHash) return false
  const next = db.get<{prev_hash: string}>('SELECT prev_hash FROM audit_log WHERE seq = ?', row.seq + 1)
  if (next) return next.prev_hash === row.hash
  const head = readAuditHead(headPath)
  return head !== undefined && (sameHead(head, row) || (head.pending !== undefined && sameHead(head.pending, row)))
}

/** After COMMIT: moves a head still naming this (or any committed) transaction as pending to it. */
export const settleAuditHead = (db: Catalog, headPath: string): void => {
  const table = currentAuditHead(db) ?? EMPTY_AUDIT_HEAD
  if (compareAuditHead(readAuditHead(headPath), table).kind === 'roll-forward') writeAuditHead(headPath, table)
}

export type HeadState =
  | {kind: 'match'}
  | {kind: 'rolled-back'; recorded: RecordedAuditHead} // a transaction died before COMMIT
  | {kind: 'roll-forward'; recorded: RecordedAuditHead} // a transaction committed, the head file was not yet updated
  | {kind: 'missing'}
  | {kind: 'mismatch'; recorded: RecordedAuditHead; message: string}

/** Compares the recorded head with the table's newest row. */
export const compareAuditHead = (recorded: RecordedAuditHead | undefined, table: AuditHead): HeadState => {
  if (!recorded) return {kind: 'missing'}
  if (sameHead(recorded, table)) return recorded.pending ? {kind: 'rolled-back', recorded} : {kind: 'match'}
  if (recorded.pending && sameHead(recorded.pending, table)) return {kind: 'roll-forward', recorded}
  const expected = recorded.pending && recorded.pending.seq > recorded.seq ? recorded.pending : recorded
  return {
    kind: 'mismatch',
    message:
      table.seq < recorded.seq
        ? `审计链头记录为第 ${recorded.seq} 条，但表中只有 ${table.seq} 条：最新记录被删除`
        : `审计链头记录（第 ${expected.seq} 条 ${expected.hash.slice(0, 12)}…）与表中最新记录（第 ${table.seq} 条 ${table.hash.slice(0, 12)}…）不符：记录被删除、改写或链头文件被替换`,
    recorded,
  }
}

export const HEAD_MISSING_MESSAGE = '审计链头记录文件缺失：工作区已有审计记录，缺少链头只能是被删除（新建工作区时即写入链头）'

/**
 * Run by every writer under the write lock before it appends: settles a head left by a crash, and
 * refuses to append to a table that no longer matches its recorded head, since appending would make
 * the deletion look like ordinary history.
 */
export const reconcileAuditHead = (db: Catalog, headPath: string): void => {
  const table = currentAuditHead(db) ?? EMPTY_AUDIT_HEAD
  const state = compareAuditHead(readAuditHead(headPath), table)
  if (state.kind === 'match') return
  if (state.kind === 'rolled-back' || state.kind === 'roll-forward') {
    writeAuditHead(headPath, table)
    return
  }

  const problem = state.kind === 'missing' ? HEAD_MISSING_MESSAGE : state.message
  throw integrityError('AUDIT_CHAIN_BROKEN', `${problem}。为免掩盖问题，本次操作未执行、未做任何改动；请先用 zfjl audit verify 查明，并与单位在本机之外留存的链头核对`, {
    recordedHead: state.kind === 'missing' ? null : state.recorded,
    tableHead: table,
  })
}

export interface AuditQuery {
  caseId?: string
  action?: string
  since?: string
}

export const listAudit = (db: Catalog, query: AuditQuery = {}): AuditRow[] => {
  const where: string[] = []
  const params: SqlParameter[] = []
  if (query.caseId) {
    where.push('case_id = ?')
    params.push(query.caseId)
  }

  if (query.action) {
    // `export` matches `export` and `export.*`: actions are dotted families.
    where.push('(action = ? OR action LIKE ?)')
    params.push(query.action, `${query.action}.%`)
  }

  if (query.since) {
    where.push('at >= ?')
    params.push(query.since)
  }

  const sql = `SELECT * FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`
  return db.all<RawAuditRow>(sql, ...params).map((raw) => toAuditRow(raw))
}

/** For the chain walk: a row whose details do not parse is one more tampered row to report, not a reason to stop. */
const readableAuditRow = (raw: RawAuditRow): Omit<AuditRow, 'details'> & {details: AuditRow['details'] | null} => {
  try {
    return toAuditRow(raw)
  } catch (error) {
    if (!(error instanceof ZfjlError)) throw error
    return {...toAuditRow({...raw, details: '{}'}), details: null}
  }
}

export type AuditProblemKind = 'hash-mismatch' | 'link-broken' | 'sequence-gap' | 'head-mismatch' | 'head-missing'

export interface AuditProblem {
  seq: number | null
  kind: AuditProblemKind
  message: string
}

export interface AuditVerification {
  ok: boolean
  rows: number
  head: AuditHead | null
  recordedHead: RecordedAuditHead | null
  firstBroken: AuditProblem | null
  /** Every problem found, in chain order; the head comparison last. */
  problems: AuditProblem[]
}

/**
 * Walks the whole chain once and reports every broken row: each row's own hash, its link to the row
 * before it and the numbering are checked separately, so one deletion does not hide a later edit.
 * `visit` sees every row (used to check the catalog rows the audit rows describe).
 * The head comparison runs under the write lock, so a writer between its COMMIT and its head update
 * is seen as the roll-forward it is, not as a mismatch.
 */
export const verifyAuditChain = (db: Catalog, headPath: string, visit?: (row: AuditRow) => void): AuditVerification => {
  const problems: AuditProblem[] = []
  let previous: AuditHead | undefined
  let rows = 0
  for (const raw of db.iterate<RawAuditRow>('SELECT * FROM audit_log ORDER BY seq')) {
    const row = readableAuditRow(raw)
    rows++
    const expectedSeq = (previous?.seq ?? 0) + 1
    if (row.seq !== expectedSeq) {
      problems.push({kind: 'sequence-gap', message: `第 ${expectedSeq} 条审计记录缺失（下一条为第 ${row.seq} 条）：记录被删除`, seq: expectedSeq})
    } else if (row.prevHash !== (previous?.hash ?? GENESIS_HASH)) {
      problems.push({kind: 'link-broken', message: `第 ${row.seq} 条审计记录的前序哈希与上一条不符：记录被删除、插入或调换`, seq: row.seq})
    }

    if (row.details === null) {
      problems.push({kind: 'hash-mismatch', message: `第 ${row.seq} 条审计记录的详情（details）不是有效的 JSON：记录被修改`, seq: row.seq})
    } else {
      const readable = {...row, details: row.details}
      if (hashAuditRow(readable) !== row.hash) {
        problems.push({kind: 'hash-mismatch', message: `第 ${row.seq} 条审计记录的内容与其哈希不符：记录被修改`, seq: row.seq})
      }

      visit?.(readable)
    }

    previous = row
  }

  const {recordedHead, tableHead} = db.writeTransaction(() => ({recordedHead: readAuditHead(headPath) ?? null, tableHead: currentAuditHead(db) ?? null}))
  const state = compareAuditHead(recordedHead ?? undefined, tableHead ?? EMPTY_AUDIT_HEAD)
  if (state.kind === 'missing') problems.push({kind: 'head-missing', message: HEAD_MISSING_MESSAGE, seq: null})
  if (state.kind === 'mismatch') {
    problems.push({kind: 'head-mismatch', message: state.message, seq: Math.min(state.recorded.seq, tableHead?.seq ?? 0) + 1})
  }

  return {firstBroken: problems[0] ?? null, head: tableHead, ok: problems.length === 0, problems, recordedHead, rows}
}
