import {existsSync, lstatSync, readdirSync, readFileSync} from 'node:fs'
import {join, relative, sep} from 'node:path'

import {DigestPool} from '../platform/digest/digest-pool.js'
import {notFound, usageError} from '../platform/errors.js'
import {requireFileOrFolder} from '../platform/file-kind.js'
import {humanBytes} from '../platform/human-bytes.js'
import {ZipContainerError, ZipReader} from '../platform/zip/zip-reader.js'
import {verifyDetached} from '../platform/signing/detached.js'
import {readPublicSigningKey} from '../platform/signing/keys.js'
import type {Workspace} from '../workspace/workspace.js'
import {type ExportManifest, MANIFEST_FILE, MANIFEST_FORMAT, PUBLIC_KEY_FILE, SIGNATURE_FILE} from './export.js'
import {listCopyRecords} from './export.js'

export type ExportProblemKind =
  | 'signature-invalid'
  | 'key-not-workspace'
  | 'manifest-invalid'
  | 'file-missing'
  | 'file-changed'
  | 'file-extra'
  | 'record-missing'
  | 'record-mismatch'
  | 'container'

export interface ExportProblem {
  kind: ExportProblemKind
  path: string | null
  message: string
}

export interface ExportVerification {
  ok: boolean
  path: string
  export: string | null
  caseId: string | null
  approval: string | null
  grantedBy: string | null
  requestedBy: string | null
  actor: string | null
  exportedAt: string | null
  files: number
  signature: {valid: boolean; algorithm: string | null; fingerprint: string | null; workspaceKey: boolean | null}
  /** Whether the copy records of the workspace were consulted (verify run inside the workspace). */
  checkedRecords: boolean
  problems: ExportProblem[]
}

/** An inflated zip entry, hashed on a digest thread while this thread inflates the next bytes. */
const hashStream = async (chunks: AsyncIterable<Buffer>, pool: DigestPool): Promise<{sha256: string; sm3: string; size: number}> => {
  const digest = pool.stream()
  for await (const chunk of chunks) await digest.update(chunk)
  const {sha256, size, sm3} = await digest.final()
  return {sha256, size, sm3}
}

interface ExportContents {
  /** Problems with the zip container itself (messages start with 「zip 容器」). */
  container: string[]
  /** The three small control files, read whole. */
  control: Map<string, Buffer>
  /** Every other file → its digests, each file read once. */
  digests: Map<string, {sha256: string; sm3: string; size: number}>
}

/** The most read whole of each control file; everything else is only hashed as it streams. */
const CONTROL_LIMITS = new Map([
  [MANIFEST_FILE, 32 * 1024 * 1024],
  [SIGNATURE_FILE, 64 * 1024],
  [PUBLIC_KEY_FILE, 64 * 1024],
])

const readFolder = async (root: string, pool: DigestPool): Promise<ExportContents> => {
  const container: string[] = []
  const control = new Map<string, Buffer>()
  const digests = new Map<string, {sha256: string; sm3: string; size: number}>()
  const hashing: Array<Promise<void>> = []
  const walk = async (dir: string): Promise<void> => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) {
        await walk(full)
        continue
      }

      const path = relative(root, full).split(sep).join('/')
      const limit = CONTROL_LIMITS.get(path)
      if (!entry.isFile()) container.push(`${path} 不是普通文件（符号链接、管道或设备），未读取`)
      // Every file at once: the pool hashes them on all cores.
      else if (limit === undefined) hashing.push(pool.file({path: full}).then(({sha256, size, sm3}) => void digests.set(path, {sha256, size, sm3})))
      else if (lstatSync(full).size > limit) container.push(`${path} 超过 ${humanBytes(limit)}，不是 zfjl 导出的控制文件，未读取`)
      else control.set(path, readFileSync(full))
    }
  }

  await walk(root)
  await Promise.all(hashing)
  return {container, control, digests}
}

/**
 * Reads an export zip one entry at a time through the one zip reader, so memory stays bounded
 * whatever the zip claims; container problems (overlapping entries, entries inflating past what they
 * declare) are reported as problems, and their entries count as missing.
 */
const readZip = async (file: string, pool: DigestPool): Promise<ExportContents> => {
  const control = new Map<string, Buffer>()
  const digests = new Map<string, {sha256: string; sm3: string; size: number}>()
  let zip: ZipReader
  try {
    zip = await ZipReader.open(file)
  } catch (error) {
    if (error instanceof ZipContainerError) throw usageError('EXPORT_UNREADABLE', `${file} 不是可读取的 zip 文件：${error.message}`)
    throw error
  }

  const container = zip.problems.map((problem) => problem.message)
  try {
    for (const entry of zip.entries) {
      if (entry.kind === 'directory' || entry.overlaps) continue
      try {
        const limit = CONTROL_LIMITS.get(entry.name)
        if (limit === undefined) digests.set(entry.name, await hashStream(zip.stream(entry), pool))
        else control.set(entry.name, await zip.read(entry, limit))
      } catch (error) {
        if (error instanceof ZipContainerError) container.push(error.message)
        else throw error
      }
    }
  } finally {
    zip.close()
  }

  return {container, control, digests}
}

/**
 * Checks an export found anywhere: the manifest's signature, every file against the manifest, no
 * file beyond it, and (given the workspace) that the key is the workspace's and that every file has
 * its copy record. Problems are findings, not exceptions: the result says what is wrong.
 */
export const verifyExport = async (path: string, ws?: Workspace): Promise<ExportVerification> => {
  if (!existsSync(path)) throw notFound('EXPORT_NOT_FOUND', `${path} 不存在`)
  const pool = new DigestPool()
  let contents: ExportContents
  try {
    contents = requireFileOrFolder(path, '导出') === 'directory' ? await readFolder(path, pool) : await readZip(path, pool)
  } finally {
    await pool.close()
  }

  const problems: ExportProblem[] = contents.container.map((message) => ({kind: 'container', message, path: null}))
  const result: ExportVerification = {
    actor: null,
    approval: null,
    caseId: null,
    checkedRecords: false,
    export: null,
    exportedAt: null,
    files: 0,
    grantedBy: null,
    ok: false,
    path,
    problems,
    requestedBy: null,
    signature: {algorithm: null, fingerprint: null, valid: false, workspaceKey: null},
  }
  const manifestBytes = contents.control.get(MANIFEST_FILE)
  const signatureBytes = contents.control.get(SIGNATURE_FILE)
  const publicKeyPem = contents.control.get(PUBLIC_KEY_FILE)?.toString('utf8')
  if (!manifestBytes || !signatureBytes || !publicKeyPem) {
    problems.push({kind: 'manifest-invalid', message: `缺少 ${MANIFEST_FILE}、${SIGNATURE_FILE} 或 ${PUBLIC_KEY_FILE}：不是 zfjl 导出，或已被改动`, path: null})
    return result
  }

  const expectedFingerprint = ws ? readPublicSigningKey(ws.paths).fingerprint : undefined
  const verification = verifyDetached({bytes: manifestBytes, expectedFingerprint, publicKeyPem, signature: signatureBytes})
  result.signature = {
    algorithm: verification.algorithm,
    fingerprint: verification.fingerprint,
    valid: verification.valid,
    workspaceKey: verification.fingerprintMatches,
  }
  if (!verification.valid) problems.push({kind: 'signature-invalid', message: `${MANIFEST_FILE} 的签名无效：清单在签名后被改动`, path: MANIFEST_FILE})
  if (verification.fingerprintMatches === false) {
    problems.push({kind: 'key-not-workspace', message: `清单由另一把密钥（指纹 ${verification.fingerprint}）签名，不是本工作区的签名密钥`, path: PUBLIC_KEY_FILE})
  }

  let manifest: ExportManifest
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as ExportManifest
    if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files)) throw new Error(`format ${manifest.format}`)
  } catch (error) {
    problems.push({kind: 'manifest-invalid', message: `${MANIFEST_FILE} 无法解析：${(error as Error).message}`, path: MANIFEST_FILE})
    return result
  }

  Object.assign(result, {
    actor: manifest.actor.name,
    approval: manifest.approval.id,
    caseId: manifest.case.id,
    export: manifest.export,
    exportedAt: manifest.exportedAt,
    files: manifest.files.length,
    grantedBy: manifest.approval.grantedBy,
    requestedBy: manifest.approval.requestedBy,
  })
  const listed = new Set<string>()
  for (const file of manifest.files) {
    listed.add(file.path)
    const actual = contents.digests.get(file.path)
    if (!actual) problems.push({kind: 'file-missing', message: `清单列出的 ${file.path} 不在导出中`, path: file.path})
    else if (actual.sha256 !== file.sha256 || actual.sm3 !== file.sm3 || actual.size !== file.size) {
      problems.push({kind: 'file-changed', message: `${file.path} 的内容与清单登记的摘要不符`, path: file.path})
    }
  }

  for (const path of contents.digests.keys()) {
    if (!listed.has(path)) problems.push({kind: 'file-extra', message: `${path} 不在清单中：导出后被加入`, path})
  }

  if (ws) {
    result.checkedRecords = true
    const records = new Map(listCopyRecords(ws, {caseId: manifest.case.id}).map((record) => [record.serial, record]))
    for (const file of manifest.files) {
      const record = records.get(file.serial)
      if (!record) problems.push({kind: 'record-missing', message: `工作区没有复制记录 ${file.serial}（${file.path}）`, path: file.path})
      else if (record.sha256 !== file.sha256 || record.export !== manifest.export || record.approval !== manifest.approval.id) {
        problems.push({kind: 'record-mismatch', message: `复制记录 ${file.serial} 与清单不符`, path: file.path})
      }
    }
  }

  result.ok = problems.length === 0
  return result
}
