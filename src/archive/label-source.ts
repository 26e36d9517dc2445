import {existsSync, lstatSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'

import {writeFileAtomic} from '../platform/atomic-file.js'
import {DigestPool} from '../platform/digest/digest-pool.js'
import {conflict, usageError, ZfjlError} from '../platform/errors.js'
import type {CaseMetadata} from './case-metadata.js'
import {type LabelData, renderLabelPdf, renderLabelSvg} from './label.js'
import {type ArchiveVerification, inspectArchive, type VerifyOptions} from './verify.js'

export interface InspectedArchive {
  report: ArchiveVerification
  metadata: CaseMetadata | null
}

/** The errors that keep an archive from being vouched for, at most this many named in the message. */
const NAMED_PROBLEMS = 3

/**
 * A disc label vouches for its archive: one that fails 四性检测, or whose signer is not trusted, gets
 * none (exit 1, as archive verify), so no tampered or foreign archive goes to disc under this unit's label.
 */
const refuseUnlessPassed = (path: string, report: ArchiveVerification): void => {
  const errors = report.findings.filter((finding) => finding.severity === 'error')
  if (errors.length === 0) return
  const untrustedOnly = errors.every((finding) => finding.code === 'SIGNER_UNTRUSTED')
  const named = errors.slice(0, NAMED_PROBLEMS).map((finding) => finding.message).join('；')
  const more = errors.length > NAMED_PROBLEMS ? `（共 ${errors.length} 个问题）` : ''
  // The untrusted-signer finding already says how to proceed (--pubkey, key trust add, --allow-untrusted).
  const advice = untrustedOnly ? '' : `。用 zfjl archive verify ${path} 查看全部问题`
  throw new ZfjlError('findings', untrustedOnly ? 'SIGNER_UNTRUSTED' : 'ARCHIVE_VERIFY_FAILED', `案卷未通过四性检测，未生成光盘标签：${named}${more}${advice}`, {
    findings: errors,
    path,
  })
}

/** The label of an inspected archive zip, refused unless it passed; the zip itself is read once more, for its own SM3. */
export const labelFromInspection = async (path: string, {metadata, report}: InspectedArchive): Promise<LabelData & {archive: string}> => {
  refuseUnlessPassed(path, report)
  // A passing archive has readable case metadata (its absence is an error of 完整性).
  const {case: record, documents, packedAt, packedBy, unit} = metadata!
  // The archive's own SM3, on a digest thread like every other digest of evidence.
  const pool = new DigestPool(1)
  const digests = await pool.file({path}).finally(() => pool.close())
  return {
    archive: path,
    archiveSize: digests.size,
    archiveSm3: digests.sm3,
    caseId: record.id,
    caseTitle: record.title,
    madeAt: packedAt,
    maker: packedBy,
    numbers: documents.filter((document) => document.number && !document.voided).map((document) => document.number as string),
    signatureAlgorithm: report.signature.algorithm ?? '',
    signerFingerprint: report.signature.embeddedFingerprint ?? '',
    unit: unit.name,
  }
}

/** The label of an archive zip (a case's, or one found on a disc without its workspace), after 四性检测. */
export const labelForArchive = async (path: string, options: VerifyOptions): Promise<LabelData & {archive: string}> => {
  if (existsSync(path) && lstatSync(path).isDirectory()) throw usageError('NOT_AN_ARCHIVE', `${path} 是文件夹：光盘标签只为案卷 zip 文件制作（标签载明该文件的 SM3）`)
  return labelFromInspection(path, await inspectArchive(path, options))
}

/** Each archive its own label: the archive's file name with 「-光盘标签.pdf」, beside it. */
export const defaultLabelPath = (archive: string, extension: 'pdf' | 'svg' = 'pdf'): string =>
  join(dirname(archive), `${basename(archive).replace(/\.zip$/i, '')}-光盘标签.${extension}`)

export interface LabelResult {
  out: string
  format: 'pdf' | 'svg'
  caseId: string
  archive: string
  archiveSm3: string
  signerFingerprint: string
}

/** Renders `label` to `out` (format from the extension; default beside the archive), atomically; refuses to overwrite. */
export const writeLabel = async (label: LabelData & {archive: string}, out: string | undefined): Promise<LabelResult> => {
  const target = resolve(out ?? defaultLabelPath(label.archive))
  const format = target.toLowerCase().endsWith('.svg') ? 'svg' : target.toLowerCase().endsWith('.pdf') ? 'pdf' : null
  if (!format) throw usageError('LABEL_FORMAT', `--out 应以 .pdf 或 .svg 结尾，收到 ${target}`)
  if (existsSync(target)) throw conflict('FILE_EXISTS', `${target} 已存在，未覆盖：用 -o <文件名>.pdf（或 .svg）另存，或先移走已有的标签`, {path: target})
  writeFileAtomic(target, format === 'pdf' ? await renderLabelPdf(label) : renderLabelSvg(label))
  return {archive: label.archive, archiveSm3: label.archiveSm3, caseId: label.caseId, format, out: target, signerFingerprint: label.signerFingerprint}
}
