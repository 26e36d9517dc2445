import {accessSync, constants, existsSync, mkdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {writeFileAtomic} from '../atomic-file.js'
import {conflict, forbidden, notFound, usageError} from '../errors.js'
import {SIGNING_KEY_DIR_MODE, SIGNING_KEY_FILE_MODE} from '../file-modes.js'
import {generateKeyPair, isSigningAlgorithm, type KeyPairPem, parsePublicKey, publicKeyFingerprint, type SigningAlgorithm} from './algorithms.js'

export {SIGNING_ALGORITHMS, type SigningAlgorithm} from './algorithms.js'

/** Where a unit keeps its key pair (the workspace's `.zfjl/keys/`). */
export interface KeyFolder {
  keys: string
}

export const DEFAULT_SIGNING_ALGORITHM: SigningAlgorithm = 'sm2'

/** The unit's signing key: one pair per workspace, under `.zfjl/keys/`. */
export const signingKeyFiles = (paths: KeyFolder) => ({
  info: join(paths.keys, 'signing-key.json'),
  privateKey: join(paths.keys, 'signing-key.pem'),
  publicKey: join(paths.keys, 'signing-key.pub.pem'),
})

export interface SigningKeyInfo {
  algorithm: SigningAlgorithm
  /** SM3 of the DER SubjectPublicKeyInfo, lowercase hex. */
  fingerprint: string
  fingerprintAlgorithm: 'sm3-spki'
  publicKeyPem: string
  publicKeyPath: string
  privateKeyPath: string
  createdAt: string
}

export interface SigningKey extends SigningKeyInfo {
  keys: KeyPairPem
}

/**
 * Creates the unit's key pair: private key written by its owner and read by the workspace's group
 * (0640, in a 0750 folder: whoever packs signs for the unit), public
 * key PEM, and a small JSON with algorithm and fingerprint. Refuses when a key exists, changing nothing:
 * replacing a key would orphan every signature made with it.
 */
export const createSigningKey = (paths: KeyFolder, algorithm: SigningAlgorithm = DEFAULT_SIGNING_ALGORITHM, now = new Date()): SigningKeyInfo => {
  if (!isSigningAlgorithm(algorithm)) throw usageError('KEY_ALGORITHM', `签名算法应为 sm2 或 ed25519，收到「${String(algorithm)}」`)
  const files = signingKeyFiles(paths)
  if (existsSync(files.privateKey) || existsSync(files.publicKey)) {
    throw conflict('KEY_EXISTS', `工作区已有签名密钥（${files.publicKey}），未做任何改动`)
  }

  mkdirSync(paths.keys, {mode: SIGNING_KEY_DIR_MODE, recursive: true})
  const keys = generateKeyPair(algorithm)
  const info = {algorithm, createdAt: now.toISOString(), fingerprint: publicKeyFingerprint(keys.publicKeyPem), fingerprintAlgorithm: 'sm3-spki' as const}
  writeFileAtomic(files.privateKey, keys.privateKeyPem, SIGNING_KEY_FILE_MODE)
  writeFileAtomic(files.publicKey, keys.publicKeyPem)
  writeFileAtomic(files.info, `${JSON.stringify(info, null, 2)}\n`)
  return {...info, privateKeyPath: files.privateKey, publicKeyPath: files.publicKey, publicKeyPem: keys.publicKeyPem}
}

export const hasSigningKey = (paths: KeyFolder): boolean => existsSync(signingKeyFiles(paths).privateKey)

/** The workspace's public key only (no private key needed: `key show`, verifying). */
export const readPublicSigningKey = (paths: KeyFolder): SigningKeyInfo => {
  const files = signingKeyFiles(paths)
  if (!existsSync(files.publicKey)) {
    throw notFound('KEY_MISSING', '工作区没有签名密钥。用 zfjl key create（默认 SM2）创建，或在 zfjl init 时用 --key sm2|ed25519')
  }

  const publicKeyPem = readFileSync(files.publicKey, 'utf8')
  const recorded = existsSync(files.info) ? (JSON.parse(readFileSync(files.info, 'utf8')) as {createdAt?: string}) : {}
  return {
    // The key itself says what it is; the JSON beside it is only a convenience.
    algorithm: parsePublicKey(publicKeyPem).algorithm,
    createdAt: recorded.createdAt ?? '',
    fingerprint: publicKeyFingerprint(publicKeyPem),
    fingerprintAlgorithm: 'sm3-spki',
    privateKeyPath: files.privateKey,
    publicKeyPath: files.publicKey,
    publicKeyPem,
  }
}

export const loadSigningKey = (paths: KeyFolder): SigningKey => {
  const info = readPublicSigningKey(paths)
  if (!existsSync(info.privateKeyPath)) throw notFound('KEY_MISSING', `签名私钥文件 ${info.privateKeyPath} 不存在`)
  try {
    accessSync(info.privateKeyPath, constants.R_OK)
  } catch {
    throw forbidden(
      'KEY_UNREADABLE',
      `签名私钥 ${info.privateKeyPath} 对当前系统账户不可读：签名须由能读取私钥的账户进行。共用工作区时，私钥应属工作区的系统组且组可读（chmod 640），keys 文件夹组可进入（chmod 750）`,
      {path: info.privateKeyPath},
    )
  }

  return {...info, keys: {privateKeyPem: readFileSync(info.privateKeyPath, 'utf8'), publicKeyPem: info.publicKeyPem}}
}
