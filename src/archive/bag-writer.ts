import {existsSync, linkSync, readdirSync, readFileSync, renameSync, rmSync, statSync} from 'node:fs'
import {open} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {crc32} from 'node:zlib'

import {temporarySibling} from '../platform/atomic-file.js'
import {digestBytes, hashHex} from '../platform/digest/digest.js'
import {conflict, integrityError, usageError} from '../platform/errors.js'
import {pausePoint} from '../platform/pause-point.js'
import {FILE_MODE} from '../platform/file-modes.js'
import {humanBytes} from '../platform/human-bytes.js'
import {processAlive} from '../platform/process-alive.js'
import {OPENSSL_VERIFY_COMMAND, type SigningAlgorithm, SM2_USER_ID} from '../platform/signing/algorithms.js'
import type {DetachedSignature} from '../platform/signing/detached.js'
import {
  BAGIT_TXT,
  type BagInfo,
  bagInfoText,
  hasControlCharacter,
  type ManifestLine,
  manifestText,
  payloadOxum,
  SIGNATURE_FILES,
  VERIFY_README,
} from './bagit.js'
import {ArchiveStream, PayloadSizeChangedError, type PayloadSource} from './archive-stream.js'
import {ZipEncoder} from '../platform/zip/zip-encoder.js'

/** A payload file read from disk and stored (not recompressed) in the zip. */
export interface PayloadFile {
  /** Path inside the bag, below `data/`, with `/` separators, e.g. `media/2026-0001-M001.mp4`. */
  bagPath: string
  source: string
  /** What was recorded when the file entered the workspace; a difference aborts the pack. */
  expected?: {sha256?: string; sm3?: string; size?: number}
  /**
   * The CRC-32 recorded with the file. The zip header needs it before the bytes; without it the pack
   * reads the file for its CRC first (small files into memory, so still once).
   */
  crc32?: number | null
  /** Who the file is, for messages (`音像 2026-0001-M001`). */
  label: string
}

/** A payload file made at packing time (case.json, 卷内目录). */
export interface GeneratedPayload {
  bagPath: string
  content: Buffer
  deflate: boolean
}

export interface BagInput {
  out: string
  files: PayloadFile[]
  generated: GeneratedPayload[]
  /** Everything for bag-info.txt except Payload-Oxum, Bagging-Date and Bag-Size, which the writer adds. */
  bagInfo: BagInfo
  signer: {algorithm: SigningAlgorithm; sign: (bytes: Buffer) => DetachedSignature}
  now?: Date
  /** Offset used for zip timestamps and Bagging-Date, in minutes east of UTC. */
  offsetMinutes?: number
  onProgress?: (done: number, total: number) => void
  /**
   * Where the zip is written until it is complete: a new path on the same file system as `out` that no
   * verify reads (in the workspace's staging folder: once its process is dead, the next write to the
   * workspace removes it). Without one, a hidden file beside `out`.
   */
  temporary?: string
  /**
   * When `out` is taken by the time the zip is complete: refuse (an explicit --out), or take the next
   * free name `<name>-2.zip`, `<name>-3.zip` … (a default name, which parallel packs may share).
   */
  onNameTaken?: 'refuse' | 'next-free'
}

export interface BagPayloadEntry {
  path: string
  size: number
  sha256: string
  sm3: string
}

export interface BagResult {
  out: string
  size: number
  /** Digests of the zip file itself. */
  sha256: string
  sm3: string
  payloadFiles: number
  payloadBytes: number
  payloadOxum: string
  signatureAlgorithm: string
  signerFingerprint: string
  payload: BagPayloadEntry[]
}

/** Files up to this size without a recorded CRC are read into memory once; larger ones twice. */
const IN_MEMORY_BYTES = 64 * 1024 * 1024

export const nfcKey = (path: string): string => path.normalize('NFC').toLowerCase()

/** A path a bag may hold: relative, `/`-separated, no `.`/`..` segments, no control characters. */
export const isSafeBagPath = (path: string): boolean =>
  path.length > 0 &&
  !path.startsWith('/') &&
  !/^[a-zA-Z]:/.test(path) &&
  !path.includes('\\') &&
  !hasControlCharacter(path) &&
  path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')

const bagIsoDate = (at: Date, offsetMinutes: number): string => new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10)

const SIBLING_TEMPORARY = /^\..+\.(\d+)\.\d+\.tmp$/

/**
 * Removes what killed packs left beside the archives (their process is gone): `.<name>.<pid>.<time>.tmp`,
 * whatever archive name they were for.
 */
const removeAbandonedTemporaries = (folder: string): void => {
  if (!existsSync(folder)) return
  for (const name of readdirSync(folder)) {
    const pid = SIBLING_TEMPORARY.exec(name)?.[1]
    if (pid !== undefined && !processAlive(Number(pid))) rmSync(join(folder, name), {force: true, recursive: true})
  }
}

const verifyReadme = (algorithm: SigningAlgorithm): string =>
  [
    '本案卷为 BagIt 1.0 包（RFC 8493），可用标准工具独立核验：',
    '',
    '1. 载荷完整性：在解压后的包根目录运行',
    '   sha256sum -c manifest-sha256.txt',
    '   （或逐个文件运行 openssl dgst -sm3 并与 manifest-sm3.txt 比对）',
    '2. 标签文件完整性：sha256sum -c tagmanifest-sha256.txt',
    `3. 签名（${algorithm === 'sm2' ? `SM2，GB/T 32918，SM3 杂凑，用户标识 ${SM2_USER_ID}` : 'Ed25519'}）：`,
    `   ${OPENSSL_VERIFY_COMMAND[algorithm]
      .replace('<公钥.pem>', SIGNATURE_FILES.publicKey)
      .replace('<签名>', SIGNATURE_FILES.signature)
      .replace('<文件>', 'tagmanifest-sha256.txt')}`,
    '4. 公钥指纹（DER 公钥的 SM3）：',
    `   openssl pkey -pubin -in ${SIGNATURE_FILES.publicKey} -outform DER | openssl dgst -sm3`,
    `   应与 ${SIGNATURE_FILES.fingerprint} 及执法机构公布的指纹一致。`,
    '',
  ].join('\n')

/**
 * Writes a signed BagIt zip to `input.out`, atomically: a temp sibling that gets its name only when
 * complete, so an interrupted pack leaves nothing at `out`. The zip is written as one stream, in
 * order: each payload file is read once, into the stream, where it is hashed for the manifests and
 * compared with its recorded digests, while the whole stream is hashed for the archive's own digests.
 */
export const writeBag = async (input: BagInput): Promise<BagResult> => {
  const now = input.now ?? new Date()
  const offsetMinutes = input.offsetMinutes ?? 480
  const seen = new Map<string, string>()
  for (const path of [...input.generated.map((item) => item.bagPath), ...input.files.map((file) => file.bagPath)]) {
    if (!isSafeBagPath(path)) throw usageError('BAG_PATH_INVALID', `包内路径不合法：${path}`)
    const key = nfcKey(path)
    if (seen.has(key)) throw conflict('BAG_PATH_DUPLICATE', `包内路径重复：${seen.get(key)} 与 ${path}`)
    seen.set(key, path)
  }

  const nextFree = input.onNameTaken === 'next-free'
  if (!nextFree && existsSync(input.out)) throw conflict('ARCHIVE_EXISTS', `${input.out} 已存在，未覆盖（请换一个 --out）`)
  const sizes = input.files.map((file) => {
    if (!existsSync(file.source)) {
      throw integrityError('EVIDENCE_MISSING', `${file.label}（${file.source}）不存在：登记的证据文件丢失，打包已中止`, {file: file.source})
    }

    const {size} = statSync(file.source)
    if (file.expected?.size !== undefined && file.expected.size !== size) {
      throw integrityError('EVIDENCE_CHANGED', `${file.label}（${file.source}）的大小为 ${size} 字节，登记时为 ${file.expected.size} 字节：证据在登记后被改动，打包已中止`, {file: file.source})
    }

    return size
  })

  removeAbandonedTemporaries(dirname(input.out))
  const temporary = input.temporary ?? temporarySibling(input.out)
  const stream = await ArchiveStream.create(temporary)
  let renamed = false
  try {
    const zip = new ZipEncoder(now, offsetMinutes)
    const payload: BagPayloadEntry[] = []
    for (const item of input.generated) {
      await stream.append(zip.entry(`data/${item.bagPath}`, item.content, item.deflate))
      const {sha256, size, sm3} = digestBytes(item.content)
      payload.push({path: `data/${item.bagPath}`, sha256, size, sm3})
    }

    pausePoint('archive.pack.streaming')

    const mismatches: string[] = []
    const checks: Array<Promise<void>> = []
    let done = 0
    const checkPayload = async (name: string, file: PayloadFile, crc: number, prepassed: boolean, problem: (text: string) => void) => {
      const digests = await stream.payloadDigests(name)
      const problems: string[] = []
      if (prepassed && digests.crc32 !== crc) problems.push('内容在读取时发生变化（CRC-32 前后不一致）')
      if (file.expected?.sha256 && file.expected.sha256.toLowerCase() !== digests.sha256) problems.push(`SHA-256 为 ${digests.sha256}，登记为 ${file.expected.sha256}`)
      if (file.expected?.sm3 && file.expected.sm3.toLowerCase() !== digests.sm3) problems.push(`SM3 为 ${digests.sm3}，登记为 ${file.expected.sm3}`)
      if (problems.length > 0) problem(problems.join('；'))
      payload.push({path: name, sha256: digests.sha256, size: digests.size, sm3: digests.sm3})
      input.onProgress?.(++done, input.files.length)
    }

    for (const [index, file] of input.files.entries()) {
      const name = `data/${file.bagPath}`
      const problem = (text: string) => mismatches.push(`${file.label}（${file.source}）：${text}`)
      try {
        const {crc, prepassed, source} = await payloadSource(file, sizes[index])
        await stream.append(zip.storedHeader(name, sizes[index], crc))
        await stream.appendPayload(name, source, sizes[index], {crc32: prepassed})
        checks.push(checkPayload(name, file, crc, prepassed, problem))
      } catch (error) {
        // Mid-stream, the zip cannot skip a file: the pack stops here, naming it.
        if (error instanceof PayloadSizeChangedError) problem(error.message)
        else if ((error as NodeJS.ErrnoException).code) problem(`无法读取（${(error as Error).message}）`)
        else throw error
        break
      }
    }

    await Promise.all(checks)
    if (mismatches.length > 0) {
      throw integrityError('EVIDENCE_CHANGED', `以下文件与登记的摘要不符，证据在登记后被改动，打包已中止：\n${mismatches.join('\n')}`, {files: mismatches})
    }

    const payloadBytes = payload.reduce((sum, entry) => sum + entry.size, 0)
    const oxum = payloadOxum(payloadBytes, payload.length)
    const tagFiles: Array<[string, Buffer]> = [
      ['bagit.txt', Buffer.from(BAGIT_TXT)],
      [
        'bag-info.txt',
        Buffer.from(
          bagInfoText([
            ...input.bagInfo,
            ['Bagging-Date', bagIsoDate(now, offsetMinutes)],
            ['Payload-Oxum', oxum],
            // Informational and human-readable (RFC 8493 §2.2.2).
            ['Bag-Size', humanBytes(payloadBytes)],
          ]),
        ),
      ],
      ...(['sha256', 'sm3'] as const).map(
        (algorithm): [string, Buffer] => [`manifest-${algorithm}.txt`, Buffer.from(manifestText(payload.map((entry): ManifestLine => ({digest: entry[algorithm], path: entry.path}))))],
      ),
      [VERIFY_README, Buffer.from(verifyReadme(input.signer.algorithm))],
    ]
    const tagManifests = (['sha256', 'sm3'] as const).map(
      (algorithm): [string, Buffer] => [
        `tagmanifest-${algorithm}.txt`,
        Buffer.from(manifestText(tagFiles.map(([path, content]) => ({digest: hashHex(algorithm, content), path})))),
      ],
    )
    const signed = input.signer.sign(tagManifests[0][1])
    const signatureFiles: Array<[string, Buffer]> = [
      [SIGNATURE_FILES.signature, signed.signature],
      [SIGNATURE_FILES.publicKey, Buffer.from(signed.publicKeyPem)],
      [SIGNATURE_FILES.fingerprint, Buffer.from(`${signed.fingerprint}\n`)],
    ]
    for (const [path, content] of [...tagFiles, ...tagManifests, ...signatureFiles]) await stream.append(zip.entry(path, content, path !== SIGNATURE_FILES.signature))
    await stream.append(zip.finish())
    const archive = await stream.finish(FILE_MODE)
    await stream.close()
    const out = publishWithoutOverwrite(temporary, input.out, nextFree)
    renamed = true
    return {
      out,
      payload: payload.sort((a, b) => (a.path < b.path ? -1 : 1)),
      payloadBytes,
      payloadFiles: payload.length,
      payloadOxum: oxum,
      sha256: archive.sha256,
      signatureAlgorithm: signed.algorithm,
      signerFingerprint: signed.fingerprint,
      size: archive.size,
      sm3: archive.sm3,
    }
  } finally {
    if (!renamed) {
      await stream.close()
      rmSync(temporary, {force: true})
    }
  }
}

/**
 * Where a payload file's bytes come from, and its CRC-32 for the zip header: recorded at import for
 * media, so the file is read once, as it streams into the zip. Without one, a small file is read into
 * memory and streamed from there; a large one is read for its CRC first, and its CRC is checked again
 * as it streams, so a change between the two reads aborts the pack.
 */
const payloadSource = async (file: PayloadFile, size: number): Promise<{crc: number; prepassed: boolean; source: PayloadSource}> => {
  if (file.crc32 !== undefined && file.crc32 !== null) return {crc: file.crc32, prepassed: false, source: {file: file.source}}
  if (size <= IN_MEMORY_BYTES) {
    const bytes = readFileSync(file.source)
    if (bytes.length !== size) throw new PayloadSizeChangedError(bytes.length)
    return {crc: crc32(bytes) >>> 0, prepassed: false, source: {bytes}}
  }

  return {crc: await crcOfFile(file.source), prepassed: true, source: {file: file.source}}
}

const crcOfFile = async (path: string): Promise<number> => {
  const handle = await open(path, 'r')
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024)
  let crc = 0
  try {
    for (;;) {
      const {bytesRead} = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      crc = crc32(buffer.subarray(0, bytesRead), crc)
    }
  } finally {
    await handle.close()
  }

  return crc >>> 0
}

/**
 * Gives the finished temp file its name without ever replacing a file there: a hard link fails if
 * the name exists (two packs racing for one name), then the temp name is dropped; with `nextFree` the
 * next name is tried. Where the file system has no hard links (some removable media), a rename after
 * an existence check. Returns the name taken.
 */
const publishWithoutOverwrite = (temporary: string, out: string, nextFree: boolean): string => {
  for (let attempt = 1; ; attempt++) {
    const candidate = attempt === 1 ? out : out.replace(/(\.zip)?$/i, (extension) => `-${attempt}${extension}`)
    try {
      linkSync(temporary, candidate)
    } catch (error) {
      const taken = (error as NodeJS.ErrnoException).code === 'EEXIST' || existsSync(candidate)
      if (taken && nextFree && attempt < MAX_NAME_ATTEMPTS) continue
      if (taken) throw conflict('ARCHIVE_EXISTS', `${candidate} 已存在，未覆盖（请换一个 --out）`)
      renameSync(temporary, candidate)
      return candidate
    }

    rmSync(temporary, {force: true})
    return candidate
  }
}

const MAX_NAME_ATTEMPTS = 100

