import type {CaseRecord, DocumentRecord, EventRecord, MediaRecord} from '../workspace/records.js'
import type {AuditHead, AuditRow} from '../platform/db/audit-chain.js'

/** `data/metadata/case.json`: what the catalog knew about the case when it was packed. */
export const CASE_METADATA_PATH = 'metadata/case.json'
export const TABLE_OF_CONTENTS_PATH = '卷内目录.docx'
export const CASE_METADATA_SCHEMA = 'zfjl-case-archive/1'

/** One line of the 卷内目录 (DA/T 22): item number, responsible, 文号, title, date, file. */
export interface ContentsEntry {
  /** 件号, 1..N without gaps. */
  seq: number
  /** 责任者 */
  responsible: string
  number: string | null
  title: string
  date: string
  /** Path inside the bag (`data/...`). */
  bagPath: string
  /** Where it came from: `document:<id>`, `media:<id>`. */
  ref: string
  note: string | null
}

export interface ArchivedDocument extends DocumentRecord {
  /** Path inside the bag; null for a voided document whose file is kept out (it is still listed). */
  bagPath: string | null
}

export interface ArchivedMedia extends MediaRecord {
  bagPath: string
}

export interface CheckFindingSnapshot {
  severity: string
  code: string
  message: string
  [key: string]: unknown
}

export interface CaseMetadata {
  schema: typeof CASE_METADATA_SCHEMA
  generator: string
  packedAt: string
  packedBy: string
  unit: {name: string; code: string}
  case: CaseRecord
  /** Every event ever recorded, superseded ones included (`supersedes` says which). */
  events: EventRecord[]
  /** Ids of the events that stand. */
  effectiveEventIds: number[]
  documents: ArchivedDocument[]
  media: ArchivedMedia[]
  handovers: unknown[]
  /** `check` findings at packing time. */
  checkFindings: CheckFindingSnapshot[]
  /** 涉密标记 (第四十七条) in force at packing time. */
  marks: unknown[]
  /** Packed despite check errors: why, and the head who decided it. */
  forced: {reason: string; authorisedBy: string | null} | null
  contents: ContentsEntry[]
  audit: {
    /** The case's rows of the audit chain, in order. */
    rows: AuditRow[]
    /** The chain's head when packing started (covers every row above). */
    head: AuditHead | null
  }
}

/** Our schema, with every list the checks walk present: a damaged case.json is a finding, not a crash. */
export const isCaseMetadata = (value: unknown): value is CaseMetadata => {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Partial<Record<keyof CaseMetadata, unknown>>
  const lists: Array<keyof CaseMetadata> = ['events', 'effectiveEventIds', 'documents', 'media', 'handovers', 'checkFindings', 'contents']
  return (
    candidate.schema === CASE_METADATA_SCHEMA &&
    typeof (candidate.case as {id?: unknown} | undefined)?.id === 'string' &&
    lists.every((key) => Array.isArray(candidate[key])) &&
    Array.isArray((candidate.audit as {rows?: unknown} | undefined)?.rows)
  )
}
