import {existsSync} from 'node:fs'

import {DOCUMENT_TYPES} from '../law/documents.js'
import {notFound} from '../platform/errors.js'
import type {EventRecord} from '../workspace/records.js'
import {requiredDocumentGroups} from '../law/completeness-rules.js'
import {publicKeyFingerprint} from '../platform/signing/algorithms.js'
import {verifyDetached} from '../platform/signing/detached.js'
import {hashAuditRow} from '../platform/db/audit-chain.js'
import {ZipReader} from '../platform/zip/zip-reader.js'
import {bagInfoValues, DIGEST_ALGORITHMS, hasControlCharacter, PAYLOAD_MANIFESTS, parseBagInfo, parseManifest, payloadOxum, SIGNATURE_FILES, TAG_MANIFESTS, UNLISTED_TAG_FILES} from './bagit.js'
import {type BagScan, entryBlob, type ScannedEntry, scanBag} from './bag-scan.js'
import {CASE_METADATA_PATH, type CaseMetadata, isCaseMetadata} from './case-metadata.js'
import {executableReason, formatForPath, headerMatches} from '../media/archival-formats.js'
import {DigestPool} from '../platform/digest/digest-pool.js'
import {readDuration} from '../media/duration.js'
import {sniffFormat} from '../media/sniff.js'

/** The four properties of DA/T 70 (四性检测), in the standard's order. */
export const PROPERTIES = [
  {checks: '签名与公钥指纹；case.json 登记的摘要、大小、时长与文件一致；审计记录哈希', id: 'authenticity', name: '真实性'},
  {checks: '清单逐项存在且摘要一致；无清单外文件；Payload-Oxum；文号与件号；必备文书', id: 'integrity', name: '完整性'},
  {checks: '.docx 可作为 Word 文档打开；音像文件头可解析；格式在可接受清单内', id: 'usability', name: '可用性'},
  {checks: '无加密；无可执行文件或脚本；无绝对路径、“..”路径或符号链接；规范化后无重名', id: 'security', name: '安全性'},
] as const

export type PropertyId = (typeof PROPERTIES)[number]['id']

export interface VerifyFinding {
  property: PropertyId
  /** `error` fails the property; `warning` is reported but does not. */
  severity: 'error' | 'warning'
  code: string
  message: string
  path: string | null
}

export interface PropertyResult {
  property: PropertyId
  name: string
  passed: boolean
  /** 「未验证」: authenticity could not be established because no trusted key signed the archive. */
  status: 'passed' | 'failed' | 'unverified'
  checks: string
  findings: VerifyFinding[]
}

export interface ArchiveVerification {
  source: string
  kind: 'zip' | 'folder'
  ok: boolean
  caseId: string | null
  properties: PropertyResult[]
  findings: VerifyFinding[]
  signature: {
    algorithm: string | null
    valid: boolean | null
    embeddedFingerprint: string | null
    expectedFingerprint: string | null
    /** Which key the signature was checked with: --pubkey, the workspace's, the trust store's, or (untrusted) the archive's own. */
    keySource: 'given' | 'workspace' | 'trusted' | 'embedded' | null
    /** The unit the trust store names for the signing key. */
    trustedName: string | null
  }
  /** A pack forced past check errors (--force --reason): what bag-info.txt records. */
  forced: {reason: string; checkErrors: number | null} | null
  payload: {files: number; bytes: number; oxum: string; declaredOxum: string | null}
}

/** A key whose signatures are authentic without --pubkey: the workspace's own, or one in a trust store. */
export interface TrustedSigner {
  publicKeyPem: string
  source: 'workspace' | 'trusted'
  name: string
  /** Reported (a warning) when this key is the one used: where its trust comes from, when that is not the workspace's audited store. */
  note?: string
}

/** A trust-store file verify did not use, and why (no audit record, edited, removed). */
export interface RefusedTrust {
  fingerprint: string
  problem: string
}

export interface VerifyOptions {
  /** The one key the archive must be signed with (--pubkey). */
  expectedPublicKeyPem?: string
  /** Without --pubkey: the keys accepted. */
  trustedSigners?: TrustedSigner[]
  /** Trust-store files not used: named when the archive's signer is among them. */
  refusedTrust?: RefusedTrust[]
  /** Accept a signature by the archive's own key when no trusted key signed it (the fingerprint is shown). */
  allowUntrusted?: boolean
  poolSize?: number
}

/** The finding that makes 真实性 「未验证」 rather than 「不通过」. */
const UNTRUSTED = 'SIGNER_UNTRUSTED'

const DOCX_PARTS = ['[Content_Types].xml', 'word/document.xml']

const listZipNames = async (content: Buffer): Promise<string[]> => {
  const zip = await ZipReader.open(content)
  zip.close()
  return zip.entries.map((entry) => entry.name)
}

const isUnsafePath = (path: string): string | null => {
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) return '绝对路径'
  if (path.includes('\\')) return '含反斜杠'
  if (path.split('/').includes('..')) return '含“..”'
  if (hasControlCharacter(path)) return '含控制字符'
  return null
}

const DOCNO_PATTERN = /^.+〔(\d{4})〕(\d+)号$/
const SERIAL_PATTERN = /^(\d{4})-(\d+)$/

class Findings {
  readonly list: VerifyFinding[] = []
  add(property: PropertyId, code: string, message: string, path: string | null = null, severity: VerifyFinding['severity'] = 'error'): void {
    this.list.push({code, message, path, property, severity})
  }
}

const text = (entry: ScannedEntry | undefined): string | null => entry?.content?.toString('utf8') ?? null

/**
 * 四性检测 of a signed case archive (zip or unzipped folder). Every problem is collected, none stops the
 * others from being checked; the result is ok only when no property has an error.
 */
export const verifyArchive = async (source: string, options: VerifyOptions = {}): Promise<ArchiveVerification> => (await inspectArchive(source, options)).report

/**
 * 四性检测 together with the case metadata the same scan read (null when case.json is missing or
 * unreadable), for what is made from a verified archive (its disc label) without reading it again.
 */
export const inspectArchive = async (source: string, options: VerifyOptions = {}): Promise<{report: ArchiveVerification; metadata: CaseMetadata | null}> => {
  if (!existsSync(source)) throw notFound('ARCHIVE_NOT_FOUND', `找不到要核验的案卷：${source}`)
  const pool = new DigestPool(options.poolSize)
  let scan: BagScan
  try {
    scan = await scanBag(source, pool)
  } finally {
    await pool.close()
  }

  const findings = new Findings()
  const files = new Map<string, ScannedEntry>()
  checkContainer(scan, findings, files)
  const payloadFiles = [...files.values()].filter((entry) => entry.path.startsWith('data/'))
  const payloadBytes = payloadFiles.reduce((sum, entry) => sum + entry.size, 0)
  const oxum = payloadOxum(payloadBytes, payloadFiles.length)
  const bagInfo = parseBagInfo(text(files.get('bag-info.txt')) ?? '')
  const declaredOxum = bagInfoValues(bagInfo, 'Payload-Oxum')[0] ?? null

  checkBagStructure(files, payloadFiles, findings, oxum, declaredOxum)
  const signature = checkSignature(files, findings, options)
  const metadata = readMetadata(files, findings)
  if (metadata) {
    checkMetadataAgainstContent(metadata, files, findings)
    await checkDurations(scan, metadata, files, findings)
    checkNumbersAndContents(metadata, files, findings)
  }

  await checkUsability(payloadFiles, findings, metadata)

  const properties = PROPERTIES.map((property): PropertyResult => {
    const own = findings.list.filter((finding) => finding.property === property.id)
    const errors = own.filter((finding) => finding.severity === 'error')
    const status = errors.length === 0 ? 'passed' : errors.every((finding) => finding.code === UNTRUSTED) ? 'unverified' : 'failed'
    return {checks: property.checks, findings: own, name: property.name, passed: errors.length === 0, property: property.id, status}
  })
  const report: ArchiveVerification = {
    caseId: metadata?.case.id ?? null,
    findings: findings.list,
    forced: forcedArchive(bagInfo),
    kind: scan.kind,
    ok: properties.every((property) => property.passed),
    payload: {bytes: payloadBytes, declaredOxum, files: payloadFiles.length, oxum},
    properties,
    signature,
    source,
  }
  return {metadata, report}
}

/** 安全性, and the map of regular files the other checks use. */
const checkContainer = (scan: BagScan, findings: Findings, files: Map<string, ScannedEntry>): void => {
  for (const problem of scan.containerProblems) {
    if (problem.code === 'ZIP_UNREADABLE' || problem.code === 'ZIP_DIRECTORY_DAMAGED') {
      if (/encrypt/i.test(problem.message)) findings.add('security', 'ENCRYPTED', `zip 使用了加密：${problem.message}`)
      else findings.add('integrity', 'CONTAINER_UNREADABLE', problem.message)
    } else {
      // Sizes beyond any real bag, or entries sharing bytes: a zip built to exhaust the reader.
      findings.add('security', problem.code, problem.message, problem.path)
    }
  }

  const byNormalName = new Map<string, string>()
  for (const entry of scan.entries) {
    const unsafe = isUnsafePath(entry.path)
    if (unsafe) findings.add('security', 'UNSAFE_PATH', `${entry.path}：路径不安全（${unsafe}）`, entry.path)
    if (entry.kind === 'symlink') findings.add('security', 'SYMLINK', `${entry.path}：是符号链接`, entry.path)
    if (entry.kind === 'other') findings.add('security', 'SPECIAL_FILE', `${entry.path}：不是普通文件`, entry.path)
    if (entry.encrypted) findings.add('security', 'ENCRYPTED', `${entry.path}：已加密`, entry.path)
    if (entry.kind === 'directory') continue
    const normal = entry.path.normalize('NFC').toLowerCase()
    const earlier = byNormalName.get(normal)
    if (earlier !== undefined) {
      findings.add('security', 'DUPLICATE_NAME', `${entry.path} 与 ${earlier} 在 Unicode 规范化（NFC）并忽略大小写后同名`, entry.path)
    } else {
      byNormalName.set(normal, entry.path)
    }

    if (entry.kind !== 'file') continue
    const executable = executableReason(entry.path, entry.head)
    if (executable) findings.add('security', 'EXECUTABLE', `${entry.path}：${executable}`, entry.path)
    if (entry.readError) findings.add('integrity', 'UNREADABLE', `${entry.path}：无法读取（${entry.readError}）`, entry.path)
    if (entry.crcMatches === false) findings.add('integrity', 'ZIP_CRC_MISMATCH', `${entry.path}：zip 记录的 CRC-32 与内容不符`, entry.path)
    if (!unsafe && !entry.encrypted) files.set(entry.path, entry)
  }
}

/** 完整性 of the bag itself: bagit.txt, manifests both ways, tag manifests, Payload-Oxum. */
const checkBagStructure = (files: Map<string, ScannedEntry>, payloadFiles: ScannedEntry[], findings: Findings, oxum: string, declaredOxum: string | null): void => {
  const bagit = text(files.get('bagit.txt'))
  if (bagit === null) findings.add('integrity', 'BAGIT_TXT_MISSING', '缺少 bagit.txt：不是 BagIt 包', 'bagit.txt')
  else if (!/^BagIt-Version:\s*1\.0\s*$/m.test(bagit) || !/^Tag-File-Character-Encoding:\s*UTF-8\s*$/im.test(bagit)) {
    findings.add('integrity', 'BAGIT_TXT_INVALID', 'bagit.txt 应声明 BagIt-Version: 1.0 与 Tag-File-Character-Encoding: UTF-8', 'bagit.txt')
  }

  if (!files.has('bag-info.txt')) findings.add('integrity', 'BAG_INFO_MISSING', '缺少 bag-info.txt', 'bag-info.txt')
  if (declaredOxum === null) findings.add('integrity', 'PAYLOAD_OXUM_MISSING', 'bag-info.txt 中没有 Payload-Oxum', 'bag-info.txt')
  else if (declaredOxum !== oxum) {
    findings.add('integrity', 'PAYLOAD_OXUM_MISMATCH', `Payload-Oxum 记为 ${declaredOxum}，实际为 ${oxum}（字节数.文件数）`, 'bag-info.txt')
  }

  const payloadListed = checkManifests(files, findings, PAYLOAD_MANIFESTS, {
    changed: (path, algorithm, name, actual, digest) => `${path}：${algorithm.toUpperCase()} 为 ${actual}，${name} 记为 ${digest}（文件被改动）`,
    missing: {code: 'MANIFEST_MISSING', label: '载荷清单'},
  })
  for (const [name, listed] of payloadListed) {
    for (const path of listed) {
      if (!path.startsWith('data/')) findings.add('integrity', 'MANIFEST_OUTSIDE_PAYLOAD', `${name} 列出了载荷目录以外的 ${path}`, path)
    }

    for (const entry of payloadFiles) {
      if (!listed.has(entry.path)) findings.add('integrity', 'NOT_IN_MANIFEST', `${entry.path}：不在 ${name} 中（清单外文件）`, entry.path)
    }
  }

  const tagListed = checkManifests(files, findings, TAG_MANIFESTS, {
    changed: (path, algorithm, name) => `${path}：${algorithm.toUpperCase()} 与 ${name} 不符（标签文件被改动）`,
    missing: {code: 'TAG_MANIFEST_MISSING', label: '标签清单'},
  })
  const listedTagFiles = new Set([...tagListed.values()].flatMap((listed) => [...listed]))
  for (const entry of files.values()) {
    if (entry.path.startsWith('data/') || TAG_MANIFESTS.includes(entry.path) || UNLISTED_TAG_FILES.has(entry.path)) continue
    if (!listedTagFiles.has(entry.path)) findings.add('integrity', 'NOT_IN_MANIFEST', `${entry.path}：不在任何清单中（清单外文件）`, entry.path)
  }
}

/**
 * Each manifest of one kind (one per digest algorithm) parsed, and every file it lists compared with the
 * digest the scan computed. Returns the paths each present manifest lists, by manifest name.
 */
const checkManifests = (
  files: Map<string, ScannedEntry>,
  findings: Findings,
  names: readonly string[],
  kind: {missing: {code: string; label: string}; changed: (path: string, algorithm: string, name: string, actual: string, recorded: string) => string},
): Map<string, Set<string>> => {
  const listed = new Map<string, Set<string>>()
  for (const [index, algorithm] of DIGEST_ALGORITHMS.entries()) {
    const name = names[index]
    const manifestText = text(files.get(name))
    if (manifestText === null) {
      findings.add('integrity', kind.missing.code, `缺少${kind.missing.label} ${name}`, name)
      continue
    }

    const manifest = parseManifest(manifestText, name)
    for (const problem of manifest.problems) findings.add('integrity', 'MANIFEST_INVALID', problem, name)
    for (const [path, digest] of manifest.entries) {
      const actual = files.get(path)?.[algorithm]
      if (actual === undefined) findings.add('integrity', 'FILE_MISSING', `${path}：${name} 中列出，但包中没有此文件`, path)
      else if (actual !== null && actual !== digest) findings.add('integrity', 'DIGEST_MISMATCH', kind.changed(path, algorithm, name, actual, digest), path)
    }

    listed.set(name, new Set(manifest.entries.keys()))
  }

  return listed
}

/** 真实性: the signature over tagmanifest-sha256.txt, checked with the expected key when there is one. */
const checkSignature = (files: Map<string, ScannedEntry>, findings: Findings, options: VerifyOptions): ArchiveVerification['signature'] => {
  const signed = files.get(TAG_MANIFESTS[0])?.content
  const signatureBytes = files.get(SIGNATURE_FILES.signature)?.content
  const embeddedPem = text(files.get(SIGNATURE_FILES.publicKey))
  const recordedFingerprint = text(files.get(SIGNATURE_FILES.fingerprint))?.trim().toLowerCase() ?? null
  const result: ArchiveVerification['signature'] = {
    algorithm: null,
    embeddedFingerprint: null,
    expectedFingerprint: null,
    keySource: null,
    trustedName: null,
    valid: null,
  }
  let embeddedFingerprint: string | null = null
  if (embeddedPem) {
    try {
      embeddedFingerprint = publicKeyFingerprint(embeddedPem)
    } catch (error) {
      findings.add('authenticity', 'PUBLIC_KEY_INVALID', `${SIGNATURE_FILES.publicKey}：${(error as Error).message}`, SIGNATURE_FILES.publicKey)
    }
  } else {
    findings.add('authenticity', 'PUBLIC_KEY_MISSING', `缺少签名公钥 ${SIGNATURE_FILES.publicKey}`, SIGNATURE_FILES.publicKey)
  }

  result.embeddedFingerprint = embeddedFingerprint
  if (embeddedFingerprint && recordedFingerprint !== embeddedFingerprint) {
    findings.add('authenticity', 'FINGERPRINT_FILE_MISMATCH', `${SIGNATURE_FILES.fingerprint} 与包内公钥的指纹（${embeddedFingerprint}）不符`, SIGNATURE_FILES.fingerprint)
  }

  let key = embeddedFingerprint ? embeddedPem : null
  if (options.expectedPublicKeyPem) {
    result.expectedFingerprint = publicKeyFingerprint(options.expectedPublicKeyPem)
    result.keySource = 'given'
    key = options.expectedPublicKeyPem
    if (embeddedFingerprint && embeddedFingerprint !== result.expectedFingerprint) {
      findings.add('authenticity', 'SIGNER_MISMATCH', `签名公钥指纹为 ${embeddedFingerprint}，预期为 ${result.expectedFingerprint}（--pubkey 指定的公钥）：不是预期的机构签名`, SIGNATURE_FILES.publicKey)
    }
  } else if (key) {
    const trusted = (options.trustedSigners ?? []).find((signer) => publicKeyFingerprint(signer.publicKeyPem) === embeddedFingerprint)
    for (const refused of options.refusedTrust ?? []) {
      if (refused.fingerprint === embeddedFingerprint) findings.add('authenticity', 'TRUST_ENTRY_REFUSED', refused.problem, SIGNATURE_FILES.publicKey, 'warning')
    }

    if (trusted?.note) findings.add('authenticity', 'TRUSTED_OUTSIDE_WORKSPACE', trusted.note, SIGNATURE_FILES.publicKey, 'warning')
    if (trusted) {
      result.expectedFingerprint = embeddedFingerprint
      result.keySource = trusted.source
      result.trustedName = trusted.name
      key = trusted.publicKeyPem
    } else if (options.allowUntrusted) {
      result.keySource = 'embedded'
      findings.add('authenticity', 'NO_EXPECTED_KEY', `签名者未经信任（--allow-untrusted）：只用包内公钥核验了签名，请与执法机构公布的指纹核对：${embeddedFingerprint}`, SIGNATURE_FILES.publicKey, 'warning')
    } else {
      result.keySource = 'embedded'
      const workspace = options.trustedSigners?.some((signer) => signer.source === 'workspace') ? '不是本工作区的密钥，' : ''
      findings.add(
        'authenticity',
        UNTRUSTED,
        `真实性未验证：包内公钥（指纹 ${embeddedFingerprint}）${workspace}不在信任库中。用 --pubkey 指定该单位公布的公钥、用 zfjl key trust add 加入信任，或核对指纹后加 --allow-untrusted`,
        SIGNATURE_FILES.publicKey,
      )
    }
  }

  if (!signatureBytes) findings.add('authenticity', 'SIGNATURE_MISSING', `缺少签名文件 ${SIGNATURE_FILES.signature}`, SIGNATURE_FILES.signature)
  if (!signed) findings.add('authenticity', 'SIGNED_FILE_MISSING', `缺少被签名的 ${TAG_MANIFESTS[0]}`, TAG_MANIFESTS[0])
  if (key && signatureBytes && signed) {
    const verdict = verifyDetached({bytes: signed, publicKeyPem: key, signature: signatureBytes})
    result.algorithm = verdict.algorithm
    result.valid = verdict.valid
    if (!verdict.valid) {
      findings.add('authenticity', 'SIGNATURE_INVALID', `${SIGNATURE_FILES.signature} 不是用${result.keySource === 'embedded' ? '包内' : result.keySource === 'given' ? '预期' : '受信任的'}公钥对 ${TAG_MANIFESTS[0]} 的有效签名（标签清单被改动或被他人重新签名）`, SIGNATURE_FILES.signature)
    }
  }

  // The signature covers only what tagmanifest-sha256.txt lists: the core tag files must be there.
  const signedList = signed ? parseManifest(signed.toString('utf8'), TAG_MANIFESTS[0]).entries : new Map<string, string>()
  for (const required of ['bagit.txt', 'bag-info.txt', ...PAYLOAD_MANIFESTS]) {
    if (files.has(required) && !signedList.has(required)) {
      findings.add('authenticity', 'UNSIGNED_TAG_FILE', `${required} 未列入 ${TAG_MANIFESTS[0]}，不受签名保护`, required)
    }
  }

  return result
}

const forcedArchive = (bagInfo: ReturnType<typeof parseBagInfo>): ArchiveVerification['forced'] => {
  const reason = bagInfoValues(bagInfo, 'Forced-Archive-Reason')[0]
  if (reason === undefined) return null
  const errors = Number(bagInfoValues(bagInfo, 'Check-Errors-At-Packing')[0])
  return {checkErrors: Number.isInteger(errors) ? errors : null, reason}
}

const readMetadata = (files: Map<string, ScannedEntry>, findings: Findings): CaseMetadata | null => {
  const path = `data/${CASE_METADATA_PATH}`
  const content = text(files.get(path))
  if (content === null) {
    findings.add('integrity', 'CASE_METADATA_MISSING', `缺少案件元数据 ${path}`, path)
    return null
  }

  try {
    const parsed: unknown = JSON.parse(content)
    if (isCaseMetadata(parsed)) return parsed
    findings.add('usability', 'CASE_METADATA_UNREADABLE', `${path} 不是 zfjl 案件元数据`, path)
  } catch (error) {
    findings.add('usability', 'CASE_METADATA_UNREADABLE', `${path} 不是有效的 JSON：${(error as Error).message}`, path)
  }

  return null
}

/** 真实性: what case.json recorded (digests, sizes, audit hashes) against the files themselves. */
const checkMetadataAgainstContent = (metadata: CaseMetadata, files: Map<string, ScannedEntry>, findings: Findings): void => {
  const compare = (label: string, bagPath: string | null, recorded: {sha256: string; sm3: string; size?: number}) => {
    if (bagPath === null) return
    const entry = files.get(bagPath)
    if (!entry) {
      findings.add('integrity', 'RECORDED_FILE_MISSING', `${label}：case.json 登记的 ${bagPath} 不在包中`, bagPath)
      return
    }

    if (recorded.size !== undefined && entry.size !== recorded.size) {
      findings.add('authenticity', 'RECORDED_SIZE_MISMATCH', `${label}（${bagPath}）：大小 ${entry.size} 字节，登记为 ${recorded.size} 字节`, bagPath)
    }

    for (const algorithm of DIGEST_ALGORITHMS) {
      if (entry[algorithm] !== null && entry[algorithm] !== recorded[algorithm]) {
        findings.add('authenticity', 'RECORDED_DIGEST_MISMATCH', `${label}（${bagPath}）：${algorithm.toUpperCase()} 与登记时（导入或制作文书时）不符`, bagPath)
      }
    }
  }

  for (const document of metadata.documents) {
    compare(`文书 ${document.id}《${document.name}》`, document.bagPath, document)
  }

  const mediaById = new Map(metadata.media.map((media) => [media.id, media]))
  for (const media of metadata.media) compare(`音像 ${media.id}`, media.bagPath, media)
  for (const handover of metadata.handovers as Array<{id?: string; items?: Array<{mediaId: string; sha256: string}>}>) {
    for (const item of handover.items ?? []) {
      const media = mediaById.get(item.mediaId)
      if (media && media.sha256 !== item.sha256) {
        findings.add('authenticity', 'HANDOVER_DIGEST_MISMATCH', `交接记录 ${handover.id ?? ''} 中 ${item.mediaId} 的摘要与音像登记不符`, media.bagPath)
      }
    }
  }

  for (const row of metadata.audit.rows) {
    if (hashAuditRow(row) !== row.hash) findings.add('authenticity', 'AUDIT_ROW_MISMATCH', `case.json 中第 ${row.seq} 条审计记录的内容与其哈希不符`, `data/${CASE_METADATA_PATH}`)
  }
}

/**
 * 真实性: recorded durations against the media headers (parsed by seeking, not by reading the data
 * again). `media add` recorded what the same reader said of the same bytes, and a duration survives
 * the catalog (a floating-point column) and case.json (JSON numbers round-trip exactly), so any
 * difference at all means the record was changed. Durations the reader cannot give (recorded from ffprobe) are not compared.
 */
const checkDurations = async (scan: BagScan, metadata: CaseMetadata, files: Map<string, ScannedEntry>, findings: Findings): Promise<void> => {
  for (const media of metadata.media) {
    if (media.durationSec === null || media.durationSec === undefined) continue
    const entry = files.get(media.bagPath)
    if (!entry || entry.sha256 === null) continue
    let parsed: number | null
    try {
      const blob = await entryBlob(scan, entry)
      if (!blob) continue
      parsed = await readDuration(blob, sniffFormat(entry.head).format)
    } catch (error) {
      findings.add('authenticity', 'DURATION_UNREADABLE', `音像 ${media.id}（${media.bagPath}）：无法读取时长（${(error as Error).message}）`, media.bagPath, 'warning')
      continue
    }

    if (parsed === null) continue
    if (parsed !== media.durationSec) {
      findings.add('authenticity', 'DURATION_MISMATCH', `音像 ${media.id}（${media.bagPath}）：时长 ${parsed} 秒，登记为 ${media.durationSec} 秒`, media.bagPath)
    }
  }
}

/** 完整性: 文号 well formed and unique, 件号 without gaps, every listed file present, required documents. */
const checkNumbersAndContents = (metadata: CaseMetadata, files: Map<string, ScannedEntry>, findings: Findings): void => {
  const caseJson = `data/${CASE_METADATA_PATH}`
  const numbers = new Map<string, string>()
  for (const document of metadata.documents) {
    if (document.voided && !document.voided.reason?.trim()) {
      findings.add('integrity', 'VOID_UNEXPLAINED', `文书 ${document.id}${document.number ? `（${document.number}）` : ''} 已作废但没有作废理由：文号空缺无法解释`, caseJson)
    }

    if (!document.number) continue
    const numbering = DOCUMENT_TYPES.find((type) => type.id === document.type)?.numbering
    const pattern = numbering === 'serial' ? SERIAL_PATTERN : DOCNO_PATTERN
    if (numbering && numbering !== 'none' && !pattern.test(document.number)) {
      findings.add('integrity', 'DOC_NUMBER_MALFORMED', `文书 ${document.id} 的文号「${document.number}」格式不对`, document.bagPath)
    }

    const earlier = numbers.get(document.number)
    if (earlier) findings.add('integrity', 'DOC_NUMBER_DUPLICATE', `文号「${document.number}」重复：${earlier} 与 ${document.id}`, document.bagPath)
    numbers.set(document.number, document.id)
  }

  metadata.contents.forEach((item, index) => {
    if (item.seq !== index + 1) findings.add('integrity', 'CONTENTS_SEQUENCE_GAP', `卷内目录第 ${index + 1} 项的件号为 ${item.seq}：件号不连续`, caseJson)
    if (!files.has(item.bagPath)) findings.add('integrity', 'CONTENTS_FILE_MISSING', `卷内目录第 ${item.seq} 项（${item.title}）的文件 ${item.bagPath} 不在包中`, item.bagPath)
  })

  const present = new Set(metadata.documents.filter((document) => !document.voided).map((document) => document.id))
  const presentTypes = new Set(metadata.documents.filter((document) => !document.voided).map((document) => document.type))
  // A gap the packer knew of and overrode with --force --reason is explained; any other is not.
  const knownAtPacking = new Set(metadata.checkFindings.filter((finding) => finding.kind === 'document').map((finding) => String(finding.subject)))
  const missing = (event: EventRecord, message: string) => {
    if (metadata.forced && knownAtPacking.has(event.event)) {
      findings.add('integrity', 'REQUIRED_DOCUMENT_MISSING', `${message}（归档时已知，强制归档理由：${metadata.forced.reason}）`, caseJson, 'warning')
    } else {
      findings.add('integrity', 'REQUIRED_DOCUMENT_MISSING', message, caseJson)
    }
  }

  const effective = new Set(metadata.effectiveEventIds)
  const seenSteps = new Set<string>()
  for (const event of metadata.events) {
    if (!effective.has(event.id)) continue
    const source = /^(?:doc|serve):(.+)$/.exec(event.source ?? '')
    if (source && !present.has(source[1])) missing(event, `事件「${event.event}」（${event.at}）由文书 ${source[1]} 记录，但案卷中没有该文书`)
    if (seenSteps.has(event.event)) continue
    seenSteps.add(event.event)
    for (const group of requiredDocumentGroups(event.event, metadata.case.procedure)) {
      if (group.some((type) => presentTypes.has(type))) continue
      const names = group.map((type) => DOCUMENT_TYPES.find((candidate) => candidate.id === type)?.name ?? type)
      missing(event, `已记录「${event.event}」（${event.at}），案卷中没有《${names.join('》或《')}》`)
    }
  }
}

/**
 * 可用性: accepted formats, readable headers, Word packages that open. A media file whose format
 * problem was recorded at import, packed with --force, is reported as the known problem it is (a
 * warning naming the reason), so an archive zfjl packed never fails its own check for it.
 */
const checkUsability = async (payloadFiles: ScannedEntry[], findings: Findings, metadata: CaseMetadata | null): Promise<void> => {
  const forced = metadata?.forced ?? null
  const knownProblems = new Map(forced ? metadata?.media.filter((media) => media.formatProblem).map((media) => [media.bagPath, media.formatProblem?.message]) : [])
  const report = (code: string, entry: ScannedEntry, message: string) => {
    const known = knownProblems.get(entry.path)
    if (forced && known) findings.add('usability', code, `${message}（归档时已知：${known}；强制归档理由：${forced.reason}）`, entry.path, 'warning')
    else findings.add('usability', code, message, entry.path)
  }

  for (const entry of payloadFiles) {
    const format = formatForPath(entry.path)
    if (!format) {
      report('FORMAT_NOT_ACCEPTED', entry, `${entry.path}：格式不在可接受的归档格式清单内`)
      continue
    }

    if (entry.sha256 === null) continue
    if (!headerMatches(format, entry.head)) report('HEADER_INVALID', entry, `${entry.path}：文件头不是${format.name}`)
    else if (format.id === 'ooxml' && entry.path.toLowerCase().endsWith('.docx')) {
      try {
        if (entry.content === null) continue
        const names = new Set(await listZipNames(entry.content))
        const missing = DOCX_PARTS.filter((part) => !names.has(part))
        if (missing.length > 0) findings.add('usability', 'DOCX_UNREADABLE', `${entry.path}：Word 文档缺少 ${missing.join('、')}`, entry.path)
      } catch (error) {
        findings.add('usability', 'DOCX_UNREADABLE', `${entry.path}：无法作为 Word 文档打开（${(error as Error).message}）`, entry.path)
      }
    }
  }
}
