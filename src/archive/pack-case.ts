import {existsSync, mkdirSync, readFileSync} from 'node:fs'
import {basename, dirname, isAbsolute, join, relative, resolve} from 'node:path'

import {activeMarkList} from '../access/marks.js'
import {allEvents, effectiveEvents, getCase} from '../cases/case-service.js'
import {findProcedure} from '../law/procedures.js'
import {conflict, forbidden, usageError, ZfjlError} from '../platform/errors.js'
import {actorIsHead} from '../people/roles.js'
import {formatLocal, offsetMinutes} from '../platform/local-time.js'
import type {DocumentRecord, MediaRecord} from '../workspace/records.js'
import {checkCase} from '../rules/check.js'
import {signDetached} from '../platform/signing/detached.js'
import {readPublicSigningKey} from '../platform/signing/keys.js'
import type {Workspace} from '../workspace/workspace.js'
import {listDocuments} from '../documents/document-store.js'
import {listHandovers, listMedia} from '../media/media-store.js'
import {currentAuditHead, listAudit} from '../platform/db/audit-chain.js'
import type {BagInfo} from './bagit.js'
import {type PayloadFile, writeBag} from './bag-writer.js'
import {
  type ArchivedDocument,
  type ArchivedMedia,
  CASE_METADATA_PATH,
  CASE_METADATA_SCHEMA,
  type CaseMetadata,
  type ContentsEntry,
  TABLE_OF_CONTENTS_PATH,
} from './case-metadata.js'
import {buildContentsDocx} from './contents-docx.js'
import {MEDIA_KIND_NAMES} from '../law/labels.js'
import {requireEvidenceInPlace} from '../media/evidence-location.js'
import {stagingPath, stagingServes} from '../workspace/file-placement.js'
import {requireCaseRecordsIntact} from '../workspace/record-trail.js'

export const ZFJL_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}).version

export interface PackOptions {
  out?: string
  force?: boolean
  reason?: string
  now?: Date
  onProgress?: (done: number, total: number) => void
}

export interface ArchiveRecord {
  id: number
  caseId: string
  /** Relative to the workspace root when inside it. */
  file: string
  size: number
  sha256: string
  sm3: string
  payloadOxum: string
  signatureAlgorithm: string
  signerFingerprint: string
  forcedReason: string | null
  packedAt: string
  packedBy: string
}

export interface PackResult extends ArchiveRecord {
  /** Absolute path of the zip. */
  path: string
  payloadFiles: number
  payloadBytes: number
  checkErrors: number
  checkWarnings: number
}

/** Where a case file goes inside `data/`: its folder under the case (documents, media, electronic). */
const bagPathFor = (ws: Workspace, caseId: string, file: string, fallbackFolder: string): string => {
  const caseRelative = relative(ws.casePaths(caseId).base, join(ws.root, file)).split('\\').join('/')
  return caseRelative.startsWith('..') || isAbsolute(caseRelative) ? `${fallbackFolder}/${basename(file)}` : caseRelative
}

const defaultOut = (ws: Workspace, caseId: string, packedAt: string): string =>
  join(ws.casePaths(caseId).archive, `${caseId}-${packedAt.slice(0, 19).replaceAll(/[-:]/g, '').replace('T', '-')}.zip`)

/** Archival order (DA/T 22): documents by date, then the audio/video and electronic evidence by capture time. */
const contentsOf = (ws: Workspace, documents: ArchivedDocument[], media: ArchivedMedia[]): ContentsEntry[] => {
  const documentEntries = [...documents]
    .sort((a, b) => (a.docDate === b.docDate ? (a.id < b.id ? -1 : 1) : a.docDate < b.docDate ? -1 : 1))
    .map((document) => ({
      bagPath: document.bagPath as string,
      date: document.docDate,
      note: document.voided ? `已作废：${document.voided.reason}` : null,
      number: document.number,
      ref: `document:${document.id}`,
      responsible: ws.config.unit,
      title: document.name,
    }))
  const mediaDate = (item: ArchivedMedia) => (item.capturedAt ?? item.addedAt).slice(0, 10)
  const mediaEntries = [...media]
    .sort((a, b) => ((a.capturedAt ?? a.addedAt) === (b.capturedAt ?? b.addedAt) ? (a.id < b.id ? -1 : 1) : (a.capturedAt ?? a.addedAt) < (b.capturedAt ?? b.addedAt) ? -1 : 1))
    .map((item) => ({
      bagPath: item.bagPath,
      date: mediaDate(item),
      note: item.durationSec ? `时长 ${Math.round(item.durationSec)} 秒` : null,
      number: null,
      ref: `media:${item.id}`,
      responsible: item.officer ?? item.addedBy,
      title: `${MEDIA_KIND_NAMES[item.kind]} ${item.original}`,
    }))
  return [...documentEntries, ...mediaEntries].map((entry, index) => ({...entry, seq: index + 1}))
}

/**
 * Packs a case into a signed BagIt zip (see writeBag), after `check` has no error findings (or with
 * --force and a reason), and records the archive's digests and signer in the catalog and audit chain.
 */
export const packCase = async (ws: Workspace, caseId: string, options: PackOptions = {}): Promise<PackResult> => {
  const record = getCase(ws, caseId)
  // What goes into the archive (and the check it rests on) must be the records the program wrote; forcing does not skip this.
  requireCaseRecordsIntact(ws, caseId)
  if (options.force && !options.reason?.trim()) throw usageError('REASON_REQUIRED', '--force 必须用 --reason 写明强制归档的理由（写入 bag-info.txt 与审计链）')
  const forcedReason = options.force ? (options.reason ?? '').trim() : null
  if (options.force && !actorIsHead(ws)) {
    throw forbidden(
      'FORCE_REQUIRES_HEAD',
      `强制归档（--force）须由执法机构负责人本人决定并操作；${ws.actor.name} 不具有执法机构负责人（head）角色。请负责人以本人身份运行 zfjl archive pack ${caseId} --force --reason <理由>`,
      {actor: ws.actor.name, caseId},
    )
  }

  const authorisedBy = forcedReason === null ? null : ws.actor.name
  const key = readPublicSigningKey(ws.paths)
  const findings = checkCase(ws, caseId)
  const errors = findings.filter((finding) => finding.severity === 'error')
  if (errors.length > 0 && !options.force) {
    throw conflict(
      'CASE_HAS_ERRORS',
      `案件 ${caseId} 的检查有 ${errors.length} 项错误，不能归档（先用 zfjl check ${caseId} 查看并处理；确需归档，用 --force --reason <理由>）：\n${errors.map((finding) => `  - ${finding.message}`).join('\n')}`,
      {errors},
    )
  }

  const now = options.now ?? new Date()
  const packedAt = formatLocal(now, ws.config.timezone)
  const out = resolve(options.out ?? defaultOut(ws, caseId, packedAt))
  mkdirSync(dirname(out), {recursive: true})
  if (options.out && existsSync(out)) throw conflict('ARCHIVE_EXISTS', `${out} 已存在，未覆盖（请换一个 --out）`)

  const documents: ArchivedDocument[] = listDocuments(ws, caseId).map((document) => ({...document, bagPath: `data/${bagPathFor(ws, caseId, document.file, 'documents')}`}))
  const media: ArchivedMedia[] = listMedia(ws, caseId).map((item) => ({...item, bagPath: `data/${bagPathFor(ws, caseId, item.file, item.kind === 'document' || item.kind === 'other' ? 'electronic' : 'media')}`}))
  const contents = contentsOf(ws, documents, media)
  const marks = activeMarkList(ws, caseId)
  const effective = effectiveEvents(ws, caseId)
  const metadata: CaseMetadata = {
    audit: {head: currentAuditHead(ws.db) ?? null, rows: listAudit(ws.db, {caseId})},
    case: record,
    checkFindings: findings.map((finding) => ({...finding, code: finding.rule})),
    contents,
    documents,
    effectiveEventIds: effective.map((event) => event.id),
    events: allEvents(ws, caseId),
    forced: forcedReason === null ? null : {authorisedBy, reason: forcedReason},
    generator: `zfjl ${ZFJL_VERSION}`,
    handovers: listHandovers(ws, caseId),
    marks,
    media,
    packedAt,
    packedBy: ws.actor.name,
    schema: CASE_METADATA_SCHEMA,
    unit: {code: ws.config.code, name: ws.config.unit},
  }

  const recordedCrc = new Map(ws.db.all<{id: string; crc32: number | null}>(
    'SELECT id, crc32 FROM media WHERE case_id = ?',
    caseId,
  ).map((row) => [row.id, row.crc32]))
  const payload = (item: DocumentRecord | MediaRecord, bagPath: string, label: string): PayloadFile => ({
    bagPath: bagPath.replace(/^data\//, ''),
    crc32: recordedCrc.get(item.id) ?? null,
    expected: {sha256: item.sha256, sm3: item.sm3, ...('size' in item ? {size: item.size} : {})},
    label,
    source: join(ws.root, item.file),
  })
  const files = [
    ...documents.map((document) => payload(document, document.bagPath as string, `文书 ${document.id}《${document.name}》`)),
    ...media.map((item) => payload(item, item.bagPath, `音像 ${item.id}（${item.original}）`)),
  ]
  const numbers = documents.filter((document) => document.number && !document.voided).map((document) => document.number as string)
  const bagInfo: BagInfo = [
    ['Source-Organization', ws.config.unit],
    ['External-Identifier', caseId],
    ...numbers.map((number): [string, string] => ['External-Identifier', number]),
    ['External-Description', `${record.title}（${findProcedure(record.procedure)?.name ?? record.procedure}）`],
    ['Case-Title', record.title],
    ['Case-Procedure', `${record.procedure} ${findProcedure(record.procedure)?.name ?? ''}`.trim()],
    ...record.officers.map((officer): [string, string] => ['Case-Officer', `${officer.name}（执法证号 ${officer.certNo}）`]),
    ['Case-Status', record.status === 'closed' ? '已结案' : '未结案'],
    ['Contact-Name', ws.actor.name],
    ['Bag-Software-Agent', `zfjl ${ZFJL_VERSION}`],
    ['Signer-Fingerprint', `${key.algorithm.toUpperCase()} ${key.fingerprint}`],
    ...(forcedReason === null
      ? []
      : ([['Forced-Archive-Reason', forcedReason], ['Forced-Archive-Authorised-By', `${authorisedBy}（执法机构负责人）`], ['Check-Errors-At-Packing', String(errors.length)]] as BagInfo)),
    ...marks.map((mark): [string, string] => ['Confidentiality-Mark', `${mark.item} ${mark.className}`]),
    ...(marks.length === 0
      ? []
      : ([['Confidentiality-Note', '档案是原始记录：有保密标记的文件及其字段在本档案中完整保存、未作屏蔽；查阅、复制须经执法机构负责人同意（第四十六、四十七条）']] as BagInfo)),
  ]

  let bag
  try {
    requireEvidenceInPlace(ws, [...documents.map((document) => ({file: document.file, label: `文书 ${document.id}`})), ...media.map((item) => ({file: item.file, label: `音像 ${item.id}`}))], '打包')
    bag = await writeBag({
      bagInfo,
      files,
      generated: [
        {bagPath: CASE_METADATA_PATH, content: Buffer.from(`${JSON.stringify(metadata, null, 2)}\n`), deflate: true},
        {bagPath: TABLE_OF_CONTENTS_PATH, content: await buildContentsDocx({caseId, caseTitle: record.title, entries: contents, unit: ws.config.unit}), deflate: false},
      ],
      now,
      offsetMinutes: offsetMinutes(ws.config.timezone),
      // Parallel packs of one case in the same second share a default name: each takes the next free one.
      onNameTaken: options.out ? 'refuse' : 'next-free',
      onProgress: options.onProgress,
      out,
      signer: {algorithm: key.algorithm, sign: (bytes) => signDetached(ws, bytes)},
      temporary: stagingServes(ws.paths, dirname(out)) ? stagingPath(ws.paths.staging, 'pack.zip') : undefined,
    })
  } catch (error) {
    // Evidence that no longer matches its record is itself a fact the chain must keep (第五十条).
    if (error instanceof ZfjlError && error.kind === 'integrity') {
      ws.transact((audit) => audit({action: 'archive.pack.aborted', caseId, details: {code: error.code, message: error.message}, subject: caseId}))
    }

    throw error
  }

  const file = bag.out.startsWith(`${ws.root}/`) ? relative(ws.root, bag.out) : bag.out
  const id = ws.transact((audit) => {
    const {id: archiveId} = ws.db.get<{id: number}>(
      `INSERT INTO archives (case_id, file, size, sha256, sm3, payload_oxum, signature_algorithm, signer_fingerprint, forced_reason, packed_at, packed_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      caseId,
      file,
      bag.size,
      bag.sha256,
      bag.sm3,
      bag.payloadOxum,
      bag.signatureAlgorithm,
      bag.signerFingerprint,
      forcedReason,
      packedAt,
      ws.actor.name,
    )!
    audit({
      action: 'archive.pack',
      caseId,
      details: {
        authorisedBy,
        checkErrors: errors.length,
        file,
        forcedReason,
        payloadOxum: bag.payloadOxum,
        sha256: bag.sha256,
        signatureAlgorithm: bag.signatureAlgorithm,
        signerFingerprint: bag.signerFingerprint,
        size: bag.size,
        sm3: bag.sm3,
      },
      subject: file,
    })
    return archiveId
  })
  return {
    caseId,
    checkErrors: errors.length,
    checkWarnings: findings.length - errors.length,
    file,
    forcedReason,
    id,
    packedAt,
    packedBy: ws.actor.name,
    path: bag.out,
    payloadBytes: bag.payloadBytes,
    payloadFiles: bag.payloadFiles,
    payloadOxum: bag.payloadOxum,
    sha256: bag.sha256,
    signatureAlgorithm: bag.signatureAlgorithm,
    signerFingerprint: bag.signerFingerprint,
    size: bag.size,
    sm3: bag.sm3,
  }
}

interface ArchiveRow {
  id: number
  case_id: string
  file: string
  size: number
  sha256: string
  sm3: string
  payload_oxum: string
  signature_algorithm: string
  signer_fingerprint: string
  forced_reason: string | null
  packed_at: string
  packed_by: string
}

const toArchiveRecord = (row: ArchiveRow): ArchiveRecord => ({
  caseId: row.case_id,
  file: row.file,
  forcedReason: row.forced_reason,
  id: row.id,
  packedAt: row.packed_at,
  packedBy: row.packed_by,
  payloadOxum: row.payload_oxum,
  sha256: row.sha256,
  signatureAlgorithm: row.signature_algorithm,
  signerFingerprint: row.signer_fingerprint,
  size: row.size,
  sm3: row.sm3,
})

/** Every archive made of the case, oldest first. */
export const listArchives = (ws: Workspace, caseId: string): ArchiveRecord[] =>
  ws.db.all<ArchiveRow>('SELECT * FROM archives WHERE case_id = ? ORDER BY id', caseId).map((row) => toArchiveRecord(row))
