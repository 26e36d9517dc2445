/**
 * The records every capability shares. Each is produced by its owner's store module and read by the
 * others (rules, archive, export, demo), so these shapes are the contract between modules.
 */
import type {FormatProblemCode} from '../law/completeness-rules.js'
import type {ProcedureId} from '../law/procedures.js'

export interface PartyRecord {
  name: string
  /** 公民 or 法人/其他组织 (行政处罚法 第五十一条); null for cases recorded before it was asked. */
  type: 'person' | 'organization' | null
  idNumber: string | null
  address: string | null
}

export interface CaseOfficer {
  name: string
  certNo: string
}

export interface EventRecord {
  id: number
  caseId: string
  event: string
  /** ISO local date-time with offset, or a plain `YYYY-MM-DD`; the local date is `at.slice(0, 10)`. */
  at: string
  note: string | null
  recordedAt: string
  actor: string
  /** The event row this one corrects; the corrected row is then ignored by every rule. */
  supersedes: number | null
  reason: string | null
  /** What recorded it: `manual`, `doc:<id>`, `serve:<id>`, ... */
  source: string | null
}

export interface CaseRecord {
  id: string
  year: number
  procedure: ProcedureId
  title: string
  createdAt: string
  createdBy: string
  status: 'open' | 'closed'
  parties: PartyRecord[]
  officers: CaseOfficer[]
}

export interface ApprovalRecord {
  role: 'review' | 'approve'
  by: string
  at: string
  opinion: string | null
}

export interface ServiceRecord {
  to: string
  method: 'direct' | 'left' | 'mail' | 'electronic' | 'public'
  at: string
  /** The 送达回证 generated for this service. */
  receiptDocId: string | null
}

export interface DocumentRecord {
  /** Readable and unique in the workspace, e.g. `2026-0001-D03`. */
  id: string
  caseId: string
  /** Catalog id, e.g. `penalty-decision`. */
  type: string
  /** Chinese name of the type. */
  name: string
  /** 文号 (`珠卫罚〔2026〕12号`) or 编号 (`2026-001`); null for types without either. */
  number: string | null
  /** The date printed on the document (YYYY-MM-DD). */
  docDate: string
  /** Path relative to the workspace root. */
  file: string
  sha256: string
  sm3: string
  fields: Record<string, unknown>
  draftedBy: string
  draftedAt: string
  approvals: ApprovalRecord[]
  services: ServiceRecord[]
  voided: {reason: string; by: string; at: string} | null
}

export type MediaKind = 'photo' | 'video' | 'audio' | 'document' | 'other'

export interface MediaRecord {
  /** Readable and unique in the workspace, e.g. `2026-0001-M007`. */
  id: string
  caseId: string
  /** Path relative to the workspace root. */
  file: string
  /** The original file name (NFC) as it was imported. */
  original: string
  size: number
  sha256: string
  sm3: string
  kind: MediaKind
  /** ISO date-time with offset. */
  capturedAt: string | null
  /** Which tag or rule the capture time came from, e.g. `EXIF DateTimeOriginal (+08:00 assumed)`. */
  captureSource: string | null
  durationSec: number | null
  width: number | null
  height: number | null
  gps: {latitude: number; longitude: number; altitude?: number | null} | null
  make: string | null
  model: string | null
  serial: string | null
  device: string | null
  officer: string | null
  /** Event ids this file records (`media add --step`, `media link`). */
  steps: string[]
  addedAt: string
  addedBy: string
  /**
   * Set when the bytes are not what an archive accepts under this name, or cannot be parsed; `check`
   * reports it. Absent from records written before it existed (older archives' case.json).
   */
  formatProblem?: FormatProblem | null
}

/** What is wrong with an evidence file's bytes (see MEDIA_FORMAT_RULES), and in words for people. */
export interface FormatProblem {
  code: FormatProblemCode
  message: string
}
