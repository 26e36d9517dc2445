import {createReadStream, existsSync, mkdirSync, rmSync, statSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import {pipeline as chainStreams, Transform, type TransformCallback} from 'node:stream'

import {temporarySibling, writeFileAtomic} from '../platform/atomic-file.js'
import {getCase} from '../cases/case-service.js'
import {hashHex} from '../platform/digest/digest.js'
import {DigestPool, type DigestStream} from '../platform/digest/digest-pool.js'
import {conflict, integrityError, notFound} from '../platform/errors.js'
import {pausePoint} from '../platform/pause-point.js'
import {OPENSSL_VERIFY_COMMAND} from '../platform/signing/algorithms.js'
import {signDetached} from '../platform/signing/detached.js'
import {readPublicSigningKey} from '../platform/signing/keys.js'
import {formatLocal} from '../platform/local-time.js'
import {ZipFileWriter} from '../platform/zip/zip-file-writer.js'
import {abandonStaging, beginStaging} from '../workspace/file-placement.js'
import type {Workspace} from '../workspace/workspace.js'
import type {CaseItem} from './case-items.js'
import {requireUsableApproval} from './copy-approval.js'
import {activeMarks, type MarkClass} from './marks.js'
import {requireEvidenceInPlace} from '../media/evidence-location.js'

export const MANIFEST_FILE = 'manifest.json'
/** The raw detached signature (SM2: DER (r, s); Ed25519: 64 bytes) over the exact bytes of manifest.json. */
export const SIGNATURE_FILE = 'manifest.sig'
/** The signing public key, so a recipient can check the signature with openssl alone. */
export const PUBLIC_KEY_FILE = 'manifest.pub.pem'
export const MANIFEST_FORMAT = 'zfjl-export/1'

export interface ExportedFile {
  /** Copy record serial, e.g. `EX-2026-0001-001`. */
  serial: string
  item: string
  kind: 'document' | 'media'
  label: string
  /** Path inside the export, `/`-separated. */
  path: string
  size: number
  sha256: string
  sm3: string
  confidential: {class: MarkClass; className: string} | null
}

export interface SkippedItem {
  item: string
  kind: 'document' | 'media'
  label: string
  class: MarkClass
  className: string
  reason: string
}

/** What `manifest.json` holds; signed as the exact bytes written. */
export interface ExportManifest {
  format: typeof MANIFEST_FORMAT
  export: string
  unit: string
  case: {id: string; title: string}
  approval: {
    id: string
    purpose: string
    scope: 'all' | 'items'
    requestedBy: string
    requestedAt: string
    grantedBy: string
    grantedAt: string
    expires: string | null
    includeConfidential: boolean
    repeatable: boolean
  }
  actor: {name: string; osUser: string}
  exportedAt: string
  files: ExportedFile[]
  skipped: SkippedItem[]
  /** How to check this manifest: the key's algorithm and fingerprint, and the openssl command line. */
  signing: {algorithm: string; fingerprint: string; opensslVerify: string}
}

export interface ExportResult {
  export: string
  caseId: string
  approval: string
  requester: string
  grantor: string
  actor: string
  out: string
  format: 'folder' | 'zip'
  exportedAt: string
  files: ExportedFile[]
  skipped: SkippedItem[]
  manifest: {file: string; signature: string; publicKey: string; sha256: string}
  signature: {algorithm: string; fingerprint: string; opensslVerify: string}
}

/** Hashes (SHA-256 and SM3, on a digest thread) what flows through, so a file is read once while it is copied. */
class DigestingStream extends Transform {
  constructor(private readonly digest: DigestStream) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.digest.update(chunk).then(() => callback(null, chunk), callback)
  }

  async digests(): Promise<Digests> {
    const {sha256, size, sm3} = await this.digest.final()
    return {sha256, size, sm3}
  }
}

const KIND_FOLDER = {document: 'documents', media: 'media'} as const

/** `documents/<file name>`; a repeated name gets the item id in front so nothing is overwritten. */
const exportPaths = (items: readonly CaseItem[]): Map<string, string> => {
  const paths = new Map<string, string>()
  const taken = new Set<string>()
  for (const item of items) {
    let path = `${KIND_FOLDER[item.kind]}/${basename(item.file)}`
    if (taken.has(path)) path = `${KIND_FOLDER[item.kind]}/${item.id}-${basename(item.file)}`
    taken.add(path)
    paths.set(item.id, path)
  }

  return paths
}

const nextExportId = (ws: Workspace, year: number): {id: string; seq: number} => {
  const {next} = ws.db.get<{next: number}>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM copy_exports WHERE year = ?', year)!
  return {id: `EX-${year}-${String(next).padStart(4, '0')}`, seq: next}
}

interface Digests {
  sha256: string
  sm3: string
  size: number
}

/** Writes copies, one file at a time, and then the signed manifest to a folder or a zip at `temporary`. */
interface Stage {
  /** Copies `source` to `path`, resolving with the digests of what was read once it is written. */
  add(path: string, source: string): Promise<Digests>
  addBytes(path: string, bytes: Buffer): void
  finish(): Promise<void>
  abort(): void | Promise<void>
}

/** Copies go to the digest pool, which copies and hashes them in one read, on all cores at once. */
const folderStage = (temporary: string, pool: DigestPool): Stage => {
  mkdirSync(temporary, {recursive: true})
  return {
    abort: () => rmSync(temporary, {force: true, recursive: true}),
    async add(path, source) {
      const target = join(temporary, ...path.split('/'))
      mkdirSync(dirname(target), {recursive: true})
      const {sha256, size, sm3} = await pool.file({copy: {mode: 0o644, to: target}, path: source})
      return {sha256, size, sm3}
    },
    addBytes: (path, bytes) => writeFileAtomic(join(temporary, ...path.split('/')), bytes),
    finish: async () => undefined,
  }
}

/** The one zip writer: each copy is hashed on a digest thread as it streams into the zip. */
const zipStage = async (temporary: string, pool: DigestPool): Promise<Stage> => {
  const zip = await ZipFileWriter.create(temporary)
  return {
    abort: () => zip.abort(),
    async add(path, source) {
      const digesting = new DigestingStream(pool.stream())
      // A read error destroys `digesting` with it, which ends the zip's iteration with that error.
      await zip.addStored(path, statSync(source).size, chainStreams(createReadStream(source), digesting, () => undefined))
      return digesting.digests()
    },
    addBytes: (path, bytes) => void zip.addBytes(path, bytes),
    finish: () => zip.finish(),
  }
}

/**
 * Copies exactly the approved items of the case (confidential ones only when the grant includes them)
 * to a folder or a `.zip`, hashing each file while it is copied and refusing when a digest no longer
 * matches its record. The copies, the manifest and its signature are staged beside `out`; the copy
 * records, the audit row and the rename into place then happen in one transaction, so an export
 * either exists complete and recorded or not at all.
 */
export const exportCase = async (
  ws: Workspace,
  input: {caseId: string; approval?: string; out: string},
  caseItems: readonly CaseItem[],
  now = new Date(),
): Promise<ExportResult> => {
  const record = getCase(ws, input.caseId)
  // Checks, with the grant, that the case's records (its marks and items too) are as the audit chain recorded them.
  const approval = requireUsableApproval(ws, input.approval, input.caseId, 'export', now)
  // Fails before anything is copied when the workspace has no key to sign the manifest with.
  const key = readPublicSigningKey(ws.paths)
  const out = resolve(input.out)
  if (existsSync(out)) throw conflict('OUT_EXISTS', `${out} 已存在；导出不会覆盖已有文件或目录，请换一个 --out`)
  const format = out.toLowerCase().endsWith('.zip') ? 'zip' : 'folder'

  const byId = new Map(caseItems.map((item) => [item.id, item]))
  const missing = approval.items.filter((id) => !byId.has(id))
  if (missing.length > 0) throw notFound('ITEM_NOT_FOUND', `复制申请 ${approval.id} 批准的 ${missing.join('、')} 在案件 ${input.caseId} 中找不到`)
  const marks = activeMarks(ws, input.caseId)
  const approved = approval.items.map((id) => byId.get(id)!)
  const copied = approved.filter((item) => !marks.has(item.id) || approval.decision.includeConfidential)
  const skipped: SkippedItem[] = approved
    .filter((item) => marks.has(item.id) && !approval.decision.includeConfidential)
    .map((item) => ({
      class: marks.get(item.id)!.class,
      className: marks.get(item.id)!.className,
      item: item.id,
      kind: item.kind,
      label: item.label,
      reason: `涉及${marks.get(item.id)!.className}，批准未包括涉密内容`,
    }))
  if (copied.length === 0) {
    throw conflict('NOTHING_TO_COPY', `复制申请 ${approval.id} 批准的文件均有保密标记，而批准未包括涉密内容（--include-confidential），没有可导出的文件`, {
      skipped: skipped.map((entry) => entry.item),
    })
  }

  const exportedAt = formatLocal(now, ws.config.timezone)
  const year = Number(exportedAt.slice(0, 4))
  const {id: exportId, seq} = nextExportId(ws, year)
  const absent = copied.filter((item) => !existsSync(join(ws.root, item.file)))
  if (absent.length > 0) {
    throw integrityError(
      'EVIDENCE_MISSING',
      `${absent.map((item) => `${item.id}（${item.file}）`).join('、')} 的文件不存在：记录已损毁或被移走，导出中止（第五十条）`,
      {items: absent.map((item) => item.id)},
    )
  }

  requireEvidenceInPlace(ws, copied.map((item) => ({file: item.file, label: item.id})), '导出')
  mkdirSync(dirname(out), {recursive: true})
  const placement = {final: out, staged: temporarySibling(out)}
  // Noted before the copy starts, so the next command removes a partial copy if this process is killed.
  beginStaging(ws.db, placement, ws.config.timezone)
  const temporary = placement.staged
  const pool = new DigestPool()
  const stage = format === 'zip' ? await zipStage(temporary, pool) : folderStage(temporary, pool)
  let files: ExportedFile[]
  let manifestSha256: string
  let signature: ExportResult['signature']
  try {
    const paths = exportPaths(copied)
    files = []
    const changed: string[] = []
    // All at once: a case may hold hundreds of recordings, each read exactly once, hashed on every core.
    const added = await Promise.allSettled(copied.map((item) => stage.add(paths.get(item.id)!, join(ws.root, item.file))))
    const failed = added.find((outcome) => outcome.status === 'rejected')
    if (failed) throw failed.reason
    for (const [index, item] of copied.entries()) {
      const digests = (added[index] as PromiseFulfilledResult<Digests>).value
      if (digests.sha256 !== item.sha256 || digests.sm3 !== item.sm3) changed.push(`${item.id}（${item.file}）`)
      const mark = marks.get(item.id)
      files.push({
        confidential: mark ? {class: mark.class, className: mark.className} : null,
        item: item.id,
        kind: item.kind,
        label: item.label,
        path: paths.get(item.id)!,
        serial: `${exportId}-${String(index + 1).padStart(3, '0')}`,
        sha256: digests.sha256,
        size: digests.size,
        sm3: digests.sm3,
      })
    }

    if (changed.length > 0) {
      throw integrityError('EVIDENCE_CHANGED', `${changed.join('、')} 的内容与登记的摘要不符：证据已被改动，导出中止（第五十条）。用 zfjl media verify 检查`, {
        items: changed,
      })
    }

    const manifest: ExportManifest = {
      actor: {name: ws.actor.name, osUser: ws.actor.osUser},
      approval: {
        expires: approval.decision.expires,
        grantedAt: approval.decision.at,
        grantedBy: approval.decision.by,
        id: approval.id,
        includeConfidential: approval.decision.includeConfidential,
        purpose: approval.purpose,
        repeatable: approval.decision.repeatable,
        requestedAt: approval.requestedAt,
        requestedBy: approval.requestedBy,
        scope: approval.scope,
      },
      case: {id: record.id, title: record.title},
      export: exportId,
      exportedAt,
      files,
      format: MANIFEST_FORMAT,
      skipped,
      signing: {
        algorithm: key.algorithm,
        fingerprint: key.fingerprint,
        opensslVerify: OPENSSL_VERIFY_COMMAND[key.algorithm]
          .replace('<公钥.pem>', PUBLIC_KEY_FILE)
          .replace('<签名>', SIGNATURE_FILE)
          .replace('<文件>', MANIFEST_FILE),
      },
      unit: ws.config.unit,
    }
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8')
    manifestSha256 = hashHex('sha256', manifestBytes)
    stage.addBytes(MANIFEST_FILE, manifestBytes)
    const signed = signDetached(ws, manifestBytes)
    signature = {algorithm: signed.algorithm, fingerprint: signed.fingerprint, opensslVerify: signed.opensslVerify}
    stage.addBytes(SIGNATURE_FILE, signed.signature)
    stage.addBytes(PUBLIC_KEY_FILE, Buffer.from(signed.publicKeyPem, 'utf8'))
    await stage.finish()
  } catch (error) {
    await stage.abort()
    abandonStaging(ws.db, placement)
    throw error
  } finally {
    await pool.close()
  }

  pausePoint('export.staged')

  try {
    ws.transact((audit, place) => {
      // Checked again under the write lock: another export may have used a one-shot grant meanwhile.
      requireUsableApproval(ws, approval.id, input.caseId, 'export', now)
      if (nextExportId(ws, year).seq !== seq) throw conflict('EXPORT_CONCURRENT', '另一个导出同时进行，编号已被占用，请重新执行导出')
      ws.db.run(
        `INSERT INTO copy_exports (id, year, seq, request_id, case_id, out, format, manifest_sha256, at, actor)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        exportId,
        year,
        seq,
        approval.id,
        input.caseId,
        out,
        format,
        manifestSha256,
        exportedAt,
        ws.actor.name,
      )
      for (const file of files) {
        ws.db.run(
          `INSERT INTO copy_records (serial, export_id, request_id, case_id, item_id, item_kind, path, size, sha256, sm3, at, actor)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          file.serial,
          exportId,
          approval.id,
          input.caseId,
          file.item,
          file.kind,
          file.path,
          file.size,
          file.sha256,
          file.sm3,
          exportedAt,
          ws.actor.name,
        )
      }

      audit({
        action: 'export',
        caseId: input.caseId,
        details: {
          approval: approval.id,
          export: exportId,
          files: files.map((file) => ({item: file.item, path: file.path, serial: file.serial, sha256: file.sha256})),
          format,
          grantor: approval.decision.by,
          manifestSha256,
          out,
          purpose: approval.purpose,
          requester: approval.requestedBy,
          skipped: skipped.map((entry) => entry.item),
        },
        subject: exportId,
      })
      if (existsSync(out)) throw conflict('OUT_EXISTS', `${out} 已存在；导出不会覆盖已有文件或目录，请换一个 --out`)
      // Renamed to `out` right after COMMIT; a kill in between is finished by the next command.
      place(placement)
    })
  } catch (error) {
    abandonStaging(ws.db, placement)
    throw error
  }

  return {
    actor: ws.actor.name,
    approval: approval.id,
    caseId: input.caseId,
    export: exportId,
    exportedAt,
    files,
    format,
    grantor: approval.decision.by,
    manifest: {file: MANIFEST_FILE, publicKey: PUBLIC_KEY_FILE, sha256: manifestSha256, signature: SIGNATURE_FILE},
    out,
    requester: approval.requestedBy,
    signature,
    skipped,
  }
}

export interface CopyRecord {
  serial: string
  export: string
  approval: string
  caseId: string
  item: string
  kind: string
  path: string
  size: number
  sha256: string
  sm3: string
  at: string
  actor: string
}

/** Every copy ever made, optionally of one case or one item: who copied what, when, on whose approval. */
export const listCopyRecords = (ws: Workspace, filter: {caseId?: string; item?: string} = {}): CopyRecord[] => {
  const rows = ws.db.all<{
    serial: string
    export_id: string
    request_id: string
    case_id: string
    item_id: string
    item_kind: string
    path: string
    size: number
    sha256: string
    sm3: string
    at: string
    actor: string
  }>(
    'SELECT * FROM copy_records WHERE (? IS NULL OR case_id = ?) AND (? IS NULL OR item_id = ?) ORDER BY at, serial',
    filter.caseId ?? null,
    filter.caseId ?? null,
    filter.item ?? null,
    filter.item ?? null,
  )
  return rows.map((row) => ({
    actor: row.actor,
    approval: row.request_id,
    at: row.at,
    caseId: row.case_id,
    export: row.export_id,
    item: row.item_id,
    kind: row.item_kind,
    path: row.path,
    serial: row.serial,
    sha256: row.sha256,
    size: row.size,
    sm3: row.sm3,
  }))
}
