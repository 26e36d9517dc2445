import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {writeFileAtomic} from '../atomic-file.js'
import {conflict, notFound, usageError} from '../errors.js'
import {parsePublicKey, publicKeyFingerprint, type SigningAlgorithm} from './algorithms.js'

/**
 * Public keys of other units whose archives are accepted as authentic (a supervising body receives
 * many units' archives). One folder, two files per key, named by the key's fingerprint (SM3 of the
 * DER public key): `<fingerprint>.pem` and `<fingerprint>.json` (the unit's name, when it was added).
 * A key is trusted because someone put it there on purpose, never because an archive carried it.
 */

export interface TrustedKey {
  fingerprint: string
  algorithm: SigningAlgorithm
  /** Whose key it is, as given when it was added (the unit's name). */
  name: string
  addedAt: string
  publicKeyPem: string
}

const MIN_PREFIX = 8

/** The key files in a trust store (`<fingerprint>.pem`), sorted; what each holds is read by readTrustedKey. */
export const trustedKeyFiles = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder).filter((file) => /^[0-9a-f]{64}\.pem$/.test(file)).sort() : [])

/** One key file and its `.json`; throws when either cannot be read (a store is written by hand too). */
export const readTrustedKey = (folder: string, file: string): TrustedKey => {
  const publicKeyPem = readFileSync(join(folder, file), 'utf8')
  const fingerprint = publicKeyFingerprint(publicKeyPem)
  const infoFile = join(folder, file.replace(/\.pem$/, '.json'))
  const info = existsSync(infoFile) ? (JSON.parse(readFileSync(infoFile, 'utf8')) as {addedAt?: string; name?: string}) : {}
  return {addedAt: info.addedAt ?? '', algorithm: parsePublicKey(publicKeyPem).algorithm, fingerprint, name: info.name ?? '', publicKeyPem}
}

/**
 * Adds a public key (PEM); refuses a key already there, changing nothing, unless `replace` (the caller
 * found the files there not to be a trusted key, e.g. copied in without a record).
 */
export const addTrustedKey = (folder: string, publicKeyPem: string, name: string, now = new Date(), {replace = false} = {}): TrustedKey => {
  if (!name.trim()) throw usageError('TRUST_NAME_REQUIRED', '请用 --name 写明这是哪个单位的公钥')
  const {algorithm} = parsePublicKey(publicKeyPem)
  const fingerprint = publicKeyFingerprint(publicKeyPem)
  const pemFile = join(folder, `${fingerprint}.pem`)
  if (existsSync(pemFile) && !replace) throw conflict('KEY_ALREADY_TRUSTED', `指纹为 ${fingerprint} 的公钥已在信任库中（${folder}），未做改动`)
  mkdirSync(folder, {recursive: true})
  // Replacing: the old PEM goes first, so a half-done replacement never pairs the old key with the new name.
  if (replace) rmSync(pemFile, {force: true})
  const key: TrustedKey = {addedAt: now.toISOString(), algorithm, fingerprint, name: name.trim(), publicKeyPem}
  writeFileAtomic(join(folder, `${fingerprint}.json`), `${JSON.stringify({addedAt: key.addedAt, algorithm, fingerprint, name: key.name}, null, 2)}\n`)
  // The PEM last: until it exists the key is not trusted.
  writeFileAtomic(pemFile, publicKeyPem)
  return key
}

/** Removes the key whose fingerprint is `fingerprint` or starts with it (at least 8 hex digits, unambiguous). */
export const removeTrustedKey = (folder: string, fingerprint: string): TrustedKey => {
  const prefix = fingerprint.trim().toLowerCase()
  if (!/^[0-9a-f]+$/.test(prefix) || prefix.length < MIN_PREFIX) throw usageError('FINGERPRINT_INVALID', `指纹应为至少 ${MIN_PREFIX} 位十六进制数字，收到「${fingerprint}」`)
  // By file name, so that a file whose content is another key (put there by hand) can be removed too.
  const matches = trustedKeyFiles(folder).filter((file) => file.startsWith(prefix))
  if (matches.length === 0) throw notFound('KEY_NOT_TRUSTED', `信任库（${folder}）中没有指纹以 ${prefix} 开头的公钥`)
  if (matches.length > 1) throw usageError('FINGERPRINT_AMBIGUOUS', `指纹前缀 ${prefix} 对应 ${matches.length} 把公钥，请多写几位`)
  const [file] = matches
  // The entry removed is the one the file name names (the same key, unless the file was edited by hand).
  const key = {...readTrustedKey(folder, file), fingerprint: file.replace(/\.pem$/, '')}
  // The PEM first: once it is gone the key is no longer trusted, whatever happens next.
  rmSync(join(folder, file))
  rmSync(join(folder, file.replace(/\.pem$/, '.json')), {force: true})
  return key
}
