import {existsSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'

import {writeFileAtomic} from '../platform/atomic-file.js'
import {DigestPool} from '../platform/digest/digest-pool.js'
import {getCase} from '../cases/case-service.js'
import {conflict, usageError, ZfjlError} from '../platform/errors.js'
import {ZipContainerError, ZipReader} from '../platform/zip/zip-reader.js'
import {parsePublicKey} from '../platform/signing/algorithms.js'
import type {Workspace} from '../workspace/workspace.js'
import {listDocuments} from '../documents/document-store.js'
import {SIGNATURE_FILES} from './bagit.js'
import {CASE_METADATA_PATH, isCaseMetadata} from './case-metadata.js'
import {type LabelData, renderLabelPdf, renderLabelSvg} from './label.js'
import {latestArchivePath} from './archive-status.js'
import {listArchives} from './pack-case.js'

/** The label of a case's newest archive, from the catalog (no need to read the zip again). */
export const labelForCase = (ws: Workspace, caseId: string): LabelData & {archive: string} => {
  const record = getCase(ws, caseId)
  const path = latestArchivePath(ws, caseId)
  const archive = listArchives(ws, caseId).at(-1)!
  return {
    archive: path,
    archiveSize: archive.size,
    archiveSm3: archive.sm3,
    caseId,
    caseTitle: record.title,
    madeAt: archive.packedAt,
    maker: archive.packedBy,
    numbers: listDocuments(ws, caseId)
      .filter((document) => document.number && !document.voided)
      .map((document) => document.number as string),
    signatureAlgorithm: archive.signatureAlgorithm,
    signerFingerprint: archive.signerFingerprint,
    unit: ws.config.unit,
  }
}

/** The most a label reads of the few entries it needs: case.json grows with the case, the key files are tiny. */
const LABEL_ENTRY_LIMITS = new Map([
  [`data/${CASE_METADATA_PATH}`, 32 * 1024 * 1024],
  [SIGNATURE_FILES.fingerprint, 64 * 1024],
  [SIGNATURE_FILES.publicKey, 64 * 1024],
])

/** The label's entries, each read under its limit; a zip built to exhaust the reader is refused (exit 1). */
const readLabelEntries = async (path: string): Promise<Map<string, Buffer>> => {
  let zip: ZipReader | undefined
  try {
    zip = await ZipReader.open(path)
    const overlap = zip.problems.find((problem) => problem.code === 'ZIP_ENTRIES_OVERLAP')
    if (overlap) throw overlap
    const found = new Map<string, Buffer>()
    for (const entry of zip.entries) {
      const limit = LABEL_ENTRY_LIMITS.get(entry.name)
      if (limit !== undefined && entry.kind === 'file' && !found.has(entry.name)) found.set(entry.name, await zip.read(entry, limit))
    }

    return found
  } catch (error) {
    if (error instanceof ZipContainerError) throw new ZfjlError('findings', error.code, `${path}：${error.message}`, {path: error.path})
    throw error
  } finally {
    zip?.close()
  }
}

/** The label of any archive zip, read from the bag itself (a disc found without its workspace). */
export const labelForZip = async (path: string): Promise<LabelData & {archive: string}> => {
  const metadataPath = `data/${CASE_METADATA_PATH}`
  const entries = await readLabelEntries(path)
  const raw = entries.get(metadataPath)
  const metadata: unknown = raw ? JSON.parse(raw.toString('utf8')) : null
  if (!isCaseMetadata(metadata)) throw usageError('NOT_AN_ARCHIVE', `${path} 不是 zfjl 案卷（缺少 ${metadataPath}）`)
  // The archive's own SM3, on a digest thread like every other digest of evidence.
  const pool = new DigestPool(1)
  const digests = await pool.file({path}).finally(() => pool.close())

  const pem = entries.get(SIGNATURE_FILES.publicKey)?.toString('utf8') ?? ''
  return {
    archive: path,
    archiveSize: digests.size,
    archiveSm3: digests.sm3,
    caseId: metadata.case.id,
    caseTitle: metadata.case.title,
    madeAt: metadata.packedAt,
    maker: metadata.packedBy,
    numbers: metadata.documents.filter((document) => document.number && !document.voided).map((document) => document.number as string),
    signatureAlgorithm: pem ? parsePublicKey(pem).algorithm : '',
    signerFingerprint: entries.get(SIGNATURE_FILES.fingerprint)?.toString('utf8').trim() ?? '',
    unit: metadata.unit.name,
  }
}

export interface LabelResult {
  out: string
  format: 'pdf' | 'svg'
  caseId: string
  archive: string
  archiveSm3: string
  signerFingerprint: string
}

/** Renders `label` to `out` (format from the extension), atomically; refuses to overwrite. */
export const writeLabel = async (label: LabelData & {archive: string}, out: string | undefined): Promise<LabelResult> => {
  const target = resolve(out ?? join(dirname(label.archive), `${label.caseId}-光盘标签.pdf`))
  const format = target.toLowerCase().endsWith('.svg') ? 'svg' : target.toLowerCase().endsWith('.pdf') ? 'pdf' : null
  if (!format) throw usageError('LABEL_FORMAT', `--out 应以 .pdf 或 .svg 结尾，收到 ${target}`)
  if (existsSync(target)) throw conflict('FILE_EXISTS', `${target} 已存在，未覆盖`)
  writeFileAtomic(target, format === 'pdf' ? await renderLabelPdf(label) : renderLabelSvg(label))
  return {archive: label.archive, archiveSm3: label.archiveSm3, caseId: label.caseId, format, out: target, signerFingerprint: label.signerFingerprint}
}
