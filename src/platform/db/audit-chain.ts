import {createHash} from 'node:crypto'
import {existsSync, readFileSync} from 'node:fs'

import {writeFileAtomic} from '../atomic-file.js'
import {canonicalJson} from '../canonical-json.js'
import type {SqliteDatabase} from './database.js'

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

interface RawAuditRow {
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

const toRow = (raw: RawAuditRow): AuditRow => ({
  action: raw.action,
  actor: raw.actor,
  at: raw.at,
  caseId: raw.case_id,
  details: JSON.parse(raw.details) as Record<string, unknown>,
  hash: raw.hash,
  osUser: raw.os_user,
  prevHash: raw.prev_hash,
  seq: raw.seq,
  subject: raw.subject,
})

/** Appends one row; must run inside the caller's write transaction so the change and its record commit together. */
export const appendAudit = (db: SqliteDatabase, actor: Actor, entry: AuditEntry, at = new Date()): AuditRow => {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as AuditHead | undefined
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
  db.prepare(
    `INSERT INTO audit_log (seq, at, actor, os_user, action, case_id, subject, details, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(row.seq, row.at, row.actor, row.osUser, row.action, row.caseId, row.subject, canonicalJson(row.details), row.prevHash, row.hash)
  return row
}

export const currentAuditHead = (db: SqliteDatabase): AuditHead | undefined =>
  db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as AuditHead | undefined

/** The head lives outside the table too, so that deleting the newest rows cannot go unnoticed. */
export const writeAuditHead = (headPath: string, head: AuditHead): void =>
  writeFileAtomic(headPath, `${JSON.stringify(head, null, 2)}\n`)

export const readAuditHead = (headPath: string): AuditHead | undefined =>
  existsSync(headPath) ? (JSON.parse(readFileSync(headPath, 'utf8')) as AuditHead) : undefined

export interface AuditQuery {
  caseId?: string
  action?: string
  since?: string
}

export const listAudit = (db: SqliteDatabase, query: AuditQuery = {}): AuditRow[] => {
  const where: string[] = []
  const params: unknown[] = []
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
  return (db.prepare(sql).all(...params) as RawAuditRow[]).map((raw) => toRow(raw))
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
  recordedHead: AuditHead | null
  firstBroken: AuditProblem | null
}

/** Walks the whole chain once; stops at the first broken row, since every later link depends on it. */
export const verifyAuditChain = (db: SqliteDatabase, headPath: string): AuditVerification => {
  const recordedHead = readAuditHead(headPath) ?? null
  let previousHash = GENESIS_HASH
  let expectedSeq = 1
  let rows = 0
  let firstBroken: AuditProblem | null = null
  for (const raw of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<RawAuditRow>) {
    const row = toRow(raw)
    rows++
    if (row.seq !== expectedSeq) {
      firstBroken = {kind: 'sequence-gap', message: `第 ${expectedSeq} 条审计记录缺失（下一条为第 ${row.seq} 条）：记录被删除`, seq: expectedSeq}
      break
    }

    if (row.prevHash !== previousHash) {
      firstBroken = {kind: 'link-broken', message: `第 ${row.seq} 条审计记录的前序哈希与上一条不符：记录被删除、插入或调换`, seq: row.seq}
      break
    }

    if (hashAuditRow(row) !== row.hash) {
      firstBroken = {kind: 'hash-mismatch', message: `第 ${row.seq} 条审计记录的内容与其哈希不符：记录被修改`, seq: row.seq}
      break
    }

    previousHash = row.hash
    expectedSeq++
  }

  const tableHead = currentAuditHead(db) ?? null
  if (!firstBroken) {
    if (!recordedHead && tableHead) {
      firstBroken = {kind: 'head-missing', message: '审计链头记录文件缺失', seq: null}
    } else if (recordedHead && (!tableHead || recordedHead.seq !== tableHead.seq || recordedHead.hash !== tableHead.hash)) {
      const seq = Math.min(recordedHead.seq, tableHead?.seq ?? 0) + 1
      firstBroken = {
        kind: 'head-mismatch',
        message:
          recordedHead.seq > (tableHead?.seq ?? 0)
            ? `审计链头记录为第 ${recordedHead.seq} 条，但表中只有 ${tableHead?.seq ?? 0} 条：最新记录被删除`
            : `审计链头记录（第 ${recordedHead.seq} 条）与表中最新记录（第 ${tableHead?.seq ?? 0} 条）不符`,
        seq,
      }
    }
  }

  return {firstBroken, head: tableHead, ok: firstBroken === null, recordedHead, rows}
}
