import {OPENSSL_VERIFY_COMMAND, parsePublicKey, publicKeyFingerprint, signBytes, type SigningAlgorithm, verifyBytes} from './algorithms.js'
import {type KeyFolder, loadSigningKey} from './keys.js'

export interface DetachedSignature {
  /** SM2: DER-encoded (r, s); Ed25519: the raw 64 bytes. Write it to a `.sig` file as is. */
  signature: Buffer
  algorithm: SigningAlgorithm
  publicKeyPem: string
  /** SM3 of the DER SubjectPublicKeyInfo, hex. */
  fingerprint: string
  /** The openssl command line that checks this signature (placeholders in <>). */
  opensslVerify: string
}

/** Signs `bytes` with the workspace's key; the signature verifies with openssl as well as with verifyDetached. */
export const signDetached = (ws: {paths: KeyFolder}, bytes: Uint8Array): DetachedSignature => {
  const key = loadSigningKey(ws.paths)
  return {
    algorithm: key.algorithm,
    fingerprint: key.fingerprint,
    opensslVerify: OPENSSL_VERIFY_COMMAND[key.algorithm],
    publicKeyPem: key.publicKeyPem,
    signature: signBytes(key.algorithm, key.keys, bytes),
  }
}

export interface DetachedVerification {
  valid: boolean
  algorithm: SigningAlgorithm
  fingerprint: string
  /** Set when `expectedFingerprint` was given. */
  fingerprintMatches: boolean | null
}

/**
 * Checks a detached signature. The algorithm comes from the key, never from the caller, so a
 * signature cannot be checked under a weaker interpretation than the key was made for.
 */
export const verifyDetached = (input: {
  bytes: Uint8Array
  signature: Uint8Array
  publicKeyPem: string
  expectedFingerprint?: string
}): DetachedVerification => {
  const {algorithm} = parsePublicKey(input.publicKeyPem)
  const fingerprint = publicKeyFingerprint(input.publicKeyPem)
  return {
    algorithm,
    fingerprint,
    fingerprintMatches: input.expectedFingerprint === undefined ? null : input.expectedFingerprint.toLowerCase() === fingerprint,
    valid: verifyBytes(input.publicKeyPem, input.bytes, input.signature),
  }
}
