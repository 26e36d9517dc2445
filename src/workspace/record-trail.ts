import {createHash} from 'node:crypto'

import {
  type AuditEntry,
  type AuditRow,
  type AuditVerification,
  isChained,
  type RawAuditRow,
  toAuditRow,
  verifyAuditChain,
} from '../platform/db/audit-chain.js'
import type {Catalog, InsertionMark, SqlParameter} from '../platform/db/catalog.js'
import {canonicalJson} from '../platform/canonical-json.js'
import {integrityError} from '../platform/errors.js'
import {parseStoredJson} from '../platform/stored-json.js'
import type {WorkspaceConfig} from './config.js'

/**
 * Ties catalog rows to the audit chain. Every transaction notes which rows of these tables it added and
 * stores a digest of each (with the rows that belong to it, e.g. a case's parties) in the details of
 * the audit row that records it, under `records`. `audit verify` then recomputes every digest, so a
 * row edited, inserted or deleted behind the program's back shows even though the chain itself is
 * intact; and an operation that consumes a record (an export using a grant) checks that one first.
 */
type Row = Record<string, unknown>

/** A catalog with the file that records its audit head: what checking an audit row's place in the chain needs. */
export interface AuditedCatalog {
  db: Catalog
  paths: {auditHead: string}
}

interface RecordKind {
  kind: string
  label: string
  table: string
  /** The column that identifies a row (and that related rows refer to) … */
  key: string
  /** … or, for a table keyed by two columns, the row's identity built from both. */
  identity?: (row: Row) => string
  /**
   * Which case a row belongs to (none for the roster): the case id is in the row's `column`, or, with
   * `via`, that column holds the id of a row of `via` whose `case_id` is the case.
   */
  ofCase?: {column: string; via?: string}
  /** Rows of other tables written with this one and covered by its digest. */
  related?: ReadonlyArray<{table: string; column: string}>
  /** The subject of the audit entry that records the row. */
  subject: (row: Row) => string
  /** For rows written before digests were stored: the audit action that recorded them … */
  legacyAction: (row: Row) => string
  /** … and which of the row's values that entry's details also hold (checked; the rest cannot be). */
  legacyFields: (row: Row, details: Record<string, unknown>) => Array<[string, unknown, unknown]>
}

const text = (value: unknown): unknown => (typeof value === 'string' ? value.trim() : value)
const parsedJson = (value: unknown): unknown => (typeof value === 'string' ? parseStoredJson(value, '人员变更或定期校验记录的 JSON 列') : value)

/** The audit action each kind of roster change is recorded under. */
const PERSON_CHANGE_ACTIONS: Record<string, string> = {
  add: 'people.add',
  deactivate: 'people.deactivate',
  reactivate: 'people.reactivate',
  'remove-roles': 'people.remove-role',
}

export const RECORD_KINDS: readonly RecordKind[] = [
  {
    key: 'id',
    kind: 'case',
    label: '案件',
    legacyAction: () => 'case.new',
    legacyFields: (row, details) => [
      ['title', row.title, text(details.title)],
      ['procedure', row.procedure, details.procedure],
    ],
    related: [
      {column: 'case_id', table: 'parties'},
      {column: 'case_id', table: 'case_officers'},
    ],
    subject: (row) => String(row.id),
    ofCase: {column: 'id'},
    table: 'cases',
  },
  {
    key: 'id',
    kind: 'event',
    label: '事件',
    legacyAction: (row) => (row.supersedes === null ? 'case.event' : 'case.event.supersede'),
    legacyFields: (row, details) => [
      ['event', row.event, details.event],
      ['at', row.at, details.at],
    ],
    subject: (row) => `${String(row.case_id)}#${String(row.id)}`,
    ofCase: {column: 'case_id'},
    table: 'events',
  },
  {
    key: 'id',
    kind: 'document',
    label: '文书',
    legacyAction: () => 'doc.fill',
    legacyFields: (row, details) => [
      ['number', row.number, details.number],
      ['file', row.file, details.file],
      ['sha256', row.sha256, details.sha256],
    ],
    subject: (row) => String(row.id),
    ofCase: {column: 'case_id'},
    table: 'documents',
  },
  {
    key: 'id',
    kind: 'document-approval',
    label: '文书审批',
    legacyAction: (row) => `doc.${String(row.role)}`,
    legacyFields: (row, details) => [
      ['person', row.person, details.by],
      ['at', row.at, details.at],
    ],
    subject: (row) => String(row.document_id),
    ofCase: {column: 'document_id', via: 'documents'},
    table: 'document_approvals',
  },
  {
    key: 'id',
    kind: 'document-service',
    label: '文书送达',
    legacyAction: () => 'doc.serve',
    legacyFields: (row, details) => [
      ['recipient', row.recipient, details.to],
      ['at', row.at, details.at],
    ],
    subject: (row) => String(row.document_id),
    ofCase: {column: 'document_id', via: 'documents'},
    table: 'document_services',
  },
  {
    key: 'document_id',
    kind: 'document-void',
    label: '文书作废',
    legacyAction: () => 'doc.void',
    legacyFields: (row, details) => [['reason', row.reason, details.reason]],
    subject: (row) => String(row.document_id),
    ofCase: {column: 'document_id', via: 'documents'},
    table: 'document_voids',
  },
  {
    key: 'id',
    kind: 'media',
    label: '音像文件',
    legacyAction: () => 'media.add',
    legacyFields: (row, details) => [
      ['file', row.file, details.file],
      ['sha256', row.sha256, details.sha256],
      ['sm3', row.sm3, details.sm3],
    ],
    subject: (row) => String(row.id),
    ofCase: {column: 'case_id'},
    table: 'media',
  },
  {
    key: 'id',
    kind: 'copy-request',
    label: '复制申请',
    legacyAction: () => 'copy.request',
    legacyFields: (row, details) => [
      ['purpose', row.purpose, details.purpose],
      ['requested_by', row.requested_by, details.requestedBy],
      ['items', row.items, JSON.stringify(details.items)],
    ],
    subject: (row) => String(row.id),
    ofCase: {column: 'case_id'},
    table: 'copy_requests',
  },
  {
    key: 'id',
    kind: 'copy-decision',
    label: '复制审批',
    legacyAction: (row) => (row.decision === 'granted' ? 'copy.grant' : 'copy.deny'),
    legacyFields: (row, details) => [
      ['decided_by', row.decided_by, details.grantor],
      ...(row.decision === 'granted'
        ? ([
            ['include_confidential', row.include_confidential === 1, details.includeConfidential],
            ['expires', row.expires, details.expires],
            ['repeatable', row.repeatable === 1, details.repeatable],
          ] as Array<[string, unknown, unknown]>)
        : []),
    ],
    subject: (row) => String(row.request_id),
    ofCase: {column: 'request_id', via: 'copy_requests'},
    table: 'copy_decisions',
  },
  {
    key: 'id',
    kind: 'export',
    label: '导出',
    legacyAction: () => 'export',
    legacyFields: (row, details) => [
      ['manifest_sha256', row.manifest_sha256, details.manifestSha256],
      ['out', row.out, details.out],
    ],
    related: [{column: 'export_id', table: 'copy_records'}],
    subject: (row) => String(row.id),
    ofCase: {column: 'case_id'},
    table: 'copy_exports',
  },
  {
    key: 'id',
    kind: 'check-waiver',
    label: '检查豁免',
    legacyAction: () => 'check.waive',
    legacyFields: (row, details) => [
      ['rule', row.rule, details.rule],
      ['reason', row.reason, details.reason],
      ['at', row.at, details.at],
    ],
    subject: (row) => `${String(row.case_id)}:${String(row.rule)}${row.subject ? `:${String(row.subject)}` : ''}`,
    ofCase: {column: 'case_id'},
    table: 'check_waivers',
  },
  {
    key: 'id',
    kind: 'person-change',
    label: '人员变更',
    legacyAction: (row) => PERSON_CHANGE_ACTIONS[String(row.change)],
    legacyFields: (row, details) => [
      ...(row.change === 'add' ? ([['roles', parsedJson(row.roles), details.addedRoles]] as Array<[string, unknown, unknown]>) : []),
      ...(row.change === 'remove-roles' ? ([['roles', parsedJson(row.roles), details.removedRoles]] as Array<[string, unknown, unknown]>) : []),
      ...(row.change === 'deactivate' || row.change === 'reactivate' ? ([['reason', row.reason, details.reason]] as Array<[string, unknown, unknown]>) : []),
    ],
    subject: (row) => String(row.name),
    table: 'person_changes',
  },
  {
    key: 'id',
    kind: 'media-link',
    label: '音像关联环节',
    legacyAction: () => 'media.link',
    legacyFields: (row, details) => [['event', row.event, details.step]],
    subject: (row) => String(row.media_id),
    ofCase: {column: 'media_id', via: 'media'},
    table: 'media_links',
  },
  {
    key: 'id',
    kind: 'handover',
    label: '音像交接',
    legacyAction: () => 'media.handover',
    legacyFields: (row, details) => [
      ['from_officer', row.from_officer, details.from],
      ['to_custodian', row.to_custodian, details.to],
      ['at', row.at, details.at],
    ],
    related: [{column: 'handover_id', table: 'handover_items'}],
    subject: (row) => String(row.id),
    ofCase: {column: 'case_id'},
    table: 'handovers',
  },
  {
    identity: (row) => `${String(row.handover_id)}/${String(row.document_id)}`,
    key: 'handover_id',
    kind: 'handover-document',
    label: '交接记录文书',
    legacyAction: () => 'media.handover.document',
    legacyFields: (row, details) => [['document_id', row.document_id, details.document]],
    subject: (row) => String(row.handover_id),
    ofCase: {column: 'handover_id', via: 'handovers'},
    table: 'handover_documents',
  },
  {
    key: 'id',
    kind: 'mark',
    label: '保密标记',
    legacyAction: (row) => String(row.action),
    legacyFields: (row, details) => [
      ['class', row.class, details.class],
      ['reason', row.reason, details.reason],
    ],
    subject: (row) => String(row.item_id),
    ofCase: {column: 'case_id'},
    table: 'marks',
  },
  {
    key: 'id',
    kind: 'archive',
    label: '案卷归档',
    legacyAction: () => 'archive.pack',
    legacyFields: (row, details) => [
      ['file', row.file, details.file],
      ['sha256', row.sha256, details.sha256],
      ['sm3', row.sm3, details.sm3],
    ],
    subject: (row) => String(row.file),
    ofCase: {column: 'case_id'},
    table: 'archives',
  },
  {
    key: 'id',
    kind: 'fixity-run',
    label: '定期校验',
    legacyAction: () => 'media.verify',
    legacyFields: (row, details) => [
      ['mode', row.mode, details.mode],
      ['counts', parsedJson(row.counts), details.counts],
    ],
    related: [{column: 'run_id', table: 'fixity_results'}],
    subject: (row) => String(row.case_id ?? 'all'),
    ofCase: {column: 'case_id'},
    table: 'fixity_runs',
  },
]

/** A kind whose rows belong to cases. */
type CaseRecordKind = RecordKind & {ofCase: NonNullable<RecordKind['ofCase']>}

/** The rows of `kind` that belong to one case. */
const caseRows = (db: Catalog, kind: CaseRecordKind, caseId: string): Row[] =>
  kind.ofCase.via
    ? db.all<Row>(`SELECT * FROM ${kind.table} WHERE ${kind.ofCase.column} IN (SELECT id FROM ${kind.ofCase.via} WHERE case_id = ?)`, caseId)
    : db.all<Row>(`SELECT * FROM ${kind.table} WHERE ${kind.ofCase.column} = ?`, caseId)

/** The case a row belongs to, or null (the roster; a row pointing at nothing). */
const caseOf = (db: Catalog, kind: RecordKind, row: Row): string | null => {
  if (!kind.ofCase) return null
  const value = row[kind.ofCase.column] as SqlParameter
  if (!kind.ofCase.via) return value === null || value === undefined ? null : String(value)
  return db.get<{case_id: string}>(`SELECT case_id FROM ${kind.ofCase.via} WHERE id = ?`, value)?.case_id ?? null
}

const recordIdentity = (kind: RecordKind, row: Row): string => kind.identity?.(row) ?? String(row[kind.key])
const recordKey = (kind: RecordKind, row: Row): string => `${kind.kind}:${recordIdentity(kind, row)}`

/** NULL columns are left out, so a column a later migration adds (NULL in old rows) keeps old digests valid. */
const withoutNulls = (row: Row): Row => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null))

/**
 * `canonicalJson(withoutNulls(row))` for a row of plain values, written directly: verifying a whole
 * catalog digests every row, and the general path's intermediate objects were most of that time.
 * Anything else (a blob) takes the general path, so the digest is the same either way.
 */
const rowJson = (row: Row): string => {
  const keys = Object.keys(row)
    .filter((key) => row[key] !== null)
    .sort()
  if (keys.some((key) => typeof row[key] === 'object')) return canonicalJson(withoutNulls(row))
  return `{${keys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(row[key])}`).join(',')}}`
}

const digestRow = (db: Catalog, kind: RecordKind, row: Row): string => {
  // The canonical JSON of {[table]: row, [related table]: [rows]}: its keys sorted, as canonicalJson sorts them.
  const parts: Array<[string, string]> = [[kind.table, rowJson(row)]]
  for (const related of kind.related ?? []) {
    const rows = [...db.rowsInInsertionOrder<Row>(related.table, {column: related.column, equals: row[kind.key] as SqlParameter})]
    parts.push([related.table, `[${rows.map((relatedRow) => rowJson(relatedRow)).join(',')}]`])
  }

  parts.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return createHash('sha256')
    .update(`{${parts.map(([table, json]) => `${JSON.stringify(table)}:${json}`).join(',')}}`)
    .digest('hex')
}

export type RecordWatermarks = Map<string, InsertionMark>

/** Where each tracked table ends: rows after the mark were added by the transaction that took it. */
export const recordWatermarks = (db: Catalog): RecordWatermarks => new Map(RECORD_KINDS.map((kind) => [kind.table, db.insertionMark(kind.table)]))

/**
 * The transaction's audit entries with the digests of the rows it added: each row goes to the entry
 * whose subject names it, else to the transaction's last entry.
 */
export const attachRecordDigests = (db: Catalog, before: RecordWatermarks, entries: readonly AuditEntry[]): AuditEntry[] => {
  const records = entries.map(() => ({}) as Record<string, string>)
  const bySubject = new Map<string, number>()
  for (const [index, entry] of entries.entries()) if (!bySubject.has(entry.subject)) bySubject.set(entry.subject, index)
  for (const kind of RECORD_KINDS) {
    const rows = db.rowsInsertedSince<Row>(kind.table, before.get(kind.table)!)
    for (const row of rows) records[bySubject.get(kind.subject(row)) ?? entries.length - 1][recordKey(kind, row)] = digestRow(db, kind, row)
  }

  return entries.map((entry, index) => (Object.keys(records[index]).length > 0 ? {...entry, details: {...entry.details, records: records[index]}} : entry))
}

export type RecordProblemKind = 'record-changed' | 'record-unaudited' | 'record-missing'

export interface RecordProblem {
  kind: RecordProblemKind
  record: string
  /** The case the record belongs to, when it belongs to one. */
  caseId: string | null
  /** The audit row that recorded it, when there is one. */
  seq: number | null
  message: string
}

export interface LegacyRecord {
  record: string
  seq: number
  message: string
}

export interface WorkspaceAuditVerification extends AuditVerification {
  records: {checked: number; problems: RecordProblem[]; legacy: LegacyRecord[]}
}

interface LegacyEntry {
  seq: number
  details: Record<string, unknown>
  /** Already matched to a catalog row; another row matches it only when no unused entry does. */
  used: boolean
}

/** Every action a `legacyAction` can return. */
const LEGACY_ACTIONS = new Set([
  'case.new',
  'case.event',
  'case.event.supersede',
  'doc.fill',
  'doc.review',
  'doc.approve',
  'doc.serve',
  'doc.void',
  'media.add',
  'copy.request',
  'copy.grant',
  'copy.deny',
  'export',
  'check.waive',
  ...Object.values(PERSON_CHANGE_ACTIONS),
  'media.link',
  'media.handover',
  'media.handover.document',
  'mark',
  'unmark',
  'archive.pack',
  'media.verify',
])

const LEGACY_NOTE = '无内容摘要（旧记录）'

const describeRecord = (kind: RecordKind, row: Row): string => `${kind.label} ${recordIdentity(kind, row)}`

const legacyMismatches = (kind: RecordKind, row: Row, details: Record<string, unknown>): string[] =>
  kind.legacyFields(row, details)
    .filter(([, stored, recorded]) => recorded !== undefined && canonicalJson(stored) !== canonicalJson(recorded))
    .map(([column]) => column)

/**
 * The chain (every row's hash, link and number, and the recorded head), then every tracked catalog
 * row against the digest its audit row holds. Rows from before digests were stored are matched to
 * their audit row by action and subject and compared on what that row recorded; they are listed as
 * 「无内容摘要（旧记录）」, never passed silently.
 */
export const verifyWorkspaceAudit = (db: Catalog, headPath: string): WorkspaceAuditVerification => {
  const trail = new AuditedRecords()
  const chain = verifyAuditChain(db, headPath, (row: AuditRow) => trail.note(row))
  // A workspace read without migrating may predate some tables: they hold no rows to check.
  const records = trail.judge(db, RECORD_KINDS.filter((kind) => db.hasTable(kind.table)).map((kind) => ({kind, rows: db.rowsInInsertionOrder<Row>(kind.table)})))
  return {...chain, ok: chain.ok && records.problems.length === 0, records}
}

/** What the audit rows say of the catalog rows: digests by record, and older rows' details by action and subject. */
class AuditedRecords {
  private readonly recorded = new Map<string, {seq: number; digest: string; caseId: string | null}>()
  // One subject may have several legacy rows (a media file linked to two steps, a person given roles twice).
  private readonly legacy = new Map<string, LegacyEntry[]>()

  note(row: AuditRow): void {
    // Details that are not an object were written by someone else; they record nothing.
    if (typeof row.details !== 'object' || row.details === null) return
    const records = row.details.records as Record<string, string> | undefined
    if (records) {
      for (const [key, digest] of Object.entries(records)) this.recorded.set(key, {caseId: row.caseId, digest, seq: row.seq})
    } else if (LEGACY_ACTIONS.has(row.action)) {
      const key = `${row.action}\u0000${row.subject}`
      this.legacy.set(key, [...(this.legacy.get(key) ?? []), {details: row.details, seq: row.seq, used: false}])
    }
  }

  /** Every row given against what was noted, then every noted record of these kinds that no row answered. */
  judge(db: Catalog, tables: Iterable<{kind: RecordKind; rows: Iterable<Row>}>): WorkspaceAuditVerification['records'] {
    const problems: RecordProblem[] = []
    const legacyRecords: LegacyRecord[] = []
    const judged = new Set<string>()
    let checked = 0
    for (const {kind, rows} of tables) {
      judged.add(kind.kind)
      for (const row of rows) {
        checked++
        const key = recordKey(kind, row)
        const audited = this.recorded.get(key)
        this.recorded.delete(key)
        if (audited) {
          if (audited.digest !== digestRow(db, kind, row)) {
            problems.push({
              caseId: caseOf(db, kind, row),
              kind: 'record-changed',
              message: `${describeRecord(kind, row)} 与第 ${audited.seq} 条审计记录所载内容摘要不符：记录被修改`,
              record: key,
              seq: audited.seq,
            })
          }

          continue
        }

        const candidates = this.legacy.get(`${kind.legacyAction(row)}\u0000${kind.subject(row)}`) ?? []
        if (candidates.length === 0) {
          problems.push({caseId: caseOf(db, kind, row), kind: 'record-unaudited', message: `${describeRecord(kind, row)} 没有对应的审计记录：记录是绕过本程序写入的`, record: key, seq: null})
          continue
        }

        const matching = candidates.filter((entry) => legacyMismatches(kind, row, entry.details).length === 0)
        const old = matching.find((entry) => !entry.used) ?? matching[0] ?? candidates[0]
        old.used = true
        const mismatched = legacyMismatches(kind, row, old.details)
        if (mismatched.length > 0) {
          problems.push({
            caseId: caseOf(db, kind, row),
            kind: 'record-changed',
            message: `${describeRecord(kind, row)} 的 ${mismatched.join('、')} 与第 ${old.seq} 条审计记录不符：记录被修改`,
            record: key,
            seq: old.seq,
          })
        } else {
          legacyRecords.push({message: `${describeRecord(kind, row)}：${LEGACY_NOTE}，已核对第 ${old.seq} 条审计记录所载的主要内容`, record: key, seq: old.seq})
        }
      }
    }

    for (const [key, audited] of this.recorded) {
      if (!judged.has(key.slice(0, key.indexOf(':')))) continue
      problems.push({caseId: audited.caseId, kind: 'record-missing', message: `第 ${audited.seq} 条审计记录所载的 ${key} 在目录中已不存在：记录被删除`, record: key, seq: audited.seq})
    }

    return {checked, legacy: legacyRecords, problems}
  }
}

/**
 * Notes the audit rows that sit in their place in the chain; each one that does not is a problem, and
 * vouches for nothing (its hash rule is public, so a forged row can carry a right hash of its own).
 */
const noteChainedRows = (ws: AuditedCatalog, trail: AuditedRecords, raws: readonly RawAuditRow[]): RecordProblem[] =>
  raws.flatMap((raw) => {
    const row = toAuditRow(raw)
    if (isChained(ws.db, row, ws.paths.auditHead)) {
      trail.note(row)
      return []
    }

    return [{caseId: row.caseId, kind: 'record-changed' as const, message: `第 ${row.seq} 条审计记录（${row.action}）不在审计链中（内容与哈希不符，或前后链接不符）：审计记录被改动`, record: `audit:${row.seq}`, seq: row.seq}]
  })

/**
 * One case's catalog rows against the audit rows of that case: what `audit verify` finds for the
 * case, without reading the whole chain. Run before the case's records are relied on (check, export,
 * pack), so a row written, edited or deleted behind the program's back cannot pass a check, reveal a
 * confidential item or enter an archive.
 */
export const verifyCaseRecords = (ws: AuditedCatalog, caseId: string): RecordProblem[] => {
  const {db} = ws
  const trail = new AuditedRecords()
  const problems = noteChainedRows(ws, trail, db.all<RawAuditRow>('SELECT * FROM audit_log WHERE case_id = ? ORDER BY seq', caseId))

  const tables = RECORD_KINDS.filter((kind): kind is CaseRecordKind => kind.ofCase !== undefined && db.hasTable(kind.table)).map((kind) => ({
    kind,
    rows: caseRows(db, kind, caseId),
  }))
  return [...problems, ...trail.judge(db, tables).problems]
}

/** Beyond this many cases one pass over the whole catalog is cheaper than reading case by case. */
const CASE_BY_CASE_LIMIT = 50

/** The record problems of these cases, each with its case: case by case for a few, else one pass over the whole catalog. */
export const recordProblemsOfCases = (ws: AuditedCatalog, caseIds: readonly string[]): RecordProblem[] => {
  if (caseIds.length <= CASE_BY_CASE_LIMIT) return caseIds.flatMap((caseId) => verifyCaseRecords(ws, caseId).map((problem) => ({...problem, caseId})))
  const wanted = new Set(caseIds)
  return verifyWorkspaceAudit(ws.db, ws.paths.auditHead).records.problems.filter((problem) => problem.caseId !== null && wanted.has(problem.caseId))
}

/**
 * The record problems of every case, each with its case: one pass over the whole catalog, so that a
 * case whose own row was deleted is found through its audit rows, not skipped for being absent.
 */
export const recordProblemsOfAllCases = (ws: AuditedCatalog, verification = verifyWorkspaceAudit(ws.db, ws.paths.auditHead)): RecordProblem[] =>
  verification.records.problems.filter((problem) => problem.caseId !== null)

/** `verifyCaseRecords`, refusing (exit 6) when anything is found. */
export const requireCaseRecordsIntact = (ws: AuditedCatalog, caseId: string): void => {
  const problems = verifyCaseRecords(ws, caseId)
  if (problems.length === 0) return
  throw integrityError(
    'RECORD_UNAUDITED',
    `案件 ${caseId} 的目录记录与审计链不符（共 ${problems.length} 处）：${problems.slice(0, 3).map((problem) => problem.message).join('；')}。在查明之前不能使用这些记录；用 zfjl audit verify 查明`,
    {caseId, problems},
  )
}

/**
 * Before a person's roles are relied on (审批、批准复制、强制归档、接收): every change recorded for
 * them must match the audit row that recorded it, so a role written into the catalog behind the
 * program's back grants nothing.
 */
export const requireAuditedPersonChanges = (ws: AuditedCatalog, name: string): void => {
  const kind = RECORD_KINDS.find((candidate) => candidate.kind === 'person-change')!
  const trail = new AuditedRecords()
  const broken = noteChainedRows(ws, trail, ws.db.all<RawAuditRow>('SELECT * FROM audit_log WHERE case_id IS NULL AND subject = ? ORDER BY seq', name))
  // Both ways: a change written behind the program grants nothing, and deleting a 取消角色 or a 停用
  // does not give back what it took away.
  const [problem] = [...broken, ...trail.judge(ws.db, [{kind, rows: ws.db.rowsInInsertionOrder<Row>(kind.table, {column: 'name', equals: name})}]).problems]
  if (!problem) return
  const what = problem.kind === 'record-missing' ? `（审计链第 ${problem.seq} 条所载的 ${problem.record}）已不在目录中` : `（${problem.record}）与审计记录不符或没有审计记录`
  throw integrityError('RECORD_UNAUDITED', `${name} 的人员变更记录${what}（可能是绕过本程序写入、修改或删除的），其角色不能使用。用 zfjl audit verify 查明`, {
    name,
    record: problem.record,
  })
}

/**
 * The keys of zfjl.json that say who may act and how they are recognised. `zfjl init` records them in
 * its audit row; afterwards the roster changes only through `zfjl people …`, each change audited, so a
 * hand edit here would grant a role or bind an account that no audit row shows.
 */
const ROSTER_KEYS = ['officers', 'people', 'administrator', 'identity'] as const

const rosterValue = (config: WorkspaceConfig, key: (typeof ROSTER_KEYS)[number]): unknown =>
  JSON.parse(JSON.stringify(key === 'people' ? (config.people ?? []) : config[key]) ?? 'null')

const verifiedRosters = new WeakSet<WorkspaceConfig>()

/**
 * Before the roster in zfjl.json is relied on: its people, roles, accounts, administrator and identity
 * mode must be those `zfjl init` recorded (keys an older init did not record are not compared).
 */
export const requireAuditedRosterConfig = (ws: AuditedCatalog, config: WorkspaceConfig): void => {
  if (verifiedRosters.has(config)) return
  const {db} = ws
  const raw = db.get<RawAuditRow>('SELECT * FROM audit_log WHERE seq = 1')
  if (!raw) {
    // An empty chain is a workspace before its first transaction; rows without the first one are a chain cut short.
    if (db.get('SELECT 1 FROM audit_log LIMIT 1')) throw integrityError('AUDIT_CHAIN_BROKEN', '审计链第 1 条（建立工作区）已不存在，人员名单无从核对。用 zfjl audit verify 查明')
  } else {
    const init = toAuditRow(raw)
    if (!isChained(db, init, ws.paths.auditHead)) {
      throw integrityError('AUDIT_CHAIN_BROKEN', `第 1 条审计记录（建立工作区）被改动，人员名单无从核对。用 zfjl audit verify 查明`)
    }

    // A workspace made before init was audited begins with another action: nothing to compare with.
    const changed =
      init.action === 'workspace.init'
        ? ROSTER_KEYS.filter((key) => key in init.details && canonicalJson(rosterValue(config, key)) !== canonicalJson(init.details[key]))
        : []
    if (changed.length > 0) {
      throw integrityError(
        'CONFIG_ROSTER_CHANGED',
        `zfjl.json 的 ${changed.join('、')} 与建立工作区时第 ${init.seq} 条审计记录所载不符：人员、角色、系统账户、管理员和识别方式在建立后只能用 zfjl people add / remove-role / deactivate / reactivate 更改（每次都记入审计链），不能手工修改配置文件。请把这些键恢复为审计记录所载的内容（见本错误 --json 的 details.recorded）`,
        {keys: changed, recorded: Object.fromEntries(changed.map((key) => [key, init.details[key]])), seq: init.seq},
      )
    }
  }

  verifiedRosters.add(config)
}
