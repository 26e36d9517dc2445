import {createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify} from 'node:crypto'
import {createRequire} from 'node:module'

import {hashHex} from '../digest/digest.js'
import {usageError} from '../errors.js'
import {bitString, children, decodeObjectIdentifier, fromPem, integer, objectIdentifier, octetString, readNode, sequence, tlv, toPem} from './der.js'

type Sm2 = (typeof import('sm-crypto-v2'))['sm2']
let sm2Library: Sm2 | null = null
/** Loaded on first use: most commands never sign, and the library costs every start-up tens of ms. */
const sm2 = (): Sm2 => (sm2Library ??= (createRequire(import.meta.url)('sm-crypto-v2') as typeof import('sm-crypto-v2')).sm2)

export const SIGNING_ALGORITHMS = ['sm2', 'ed25519'] as const
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number]

export const isSigningAlgorithm = (value: string): value is SigningAlgorithm => (SIGNING_ALGORITHMS as readonly string[]).includes(value)

/** GB/T 32918 / GM/T 0009 default signer identity; openssl needs `-sigopt distid:1234567812345678`. */
export const SM2_USER_ID = '1234567812345678'

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1'
const OID_SM2_CURVE = '1.2.156.10197.1.301'
const OID_ED25519 = '1.3.101.112'

/** How a reader checks our signatures with the openssl command line, per algorithm. */
export const OPENSSL_VERIFY_COMMAND: Record<SigningAlgorithm, string> = {
  ed25519: 'openssl pkeyutl -verify -pubin -inkey <公钥.pem> -rawin -in <文件> -sigfile <签名>',
  sm2: `openssl dgst -sm3 -sigopt distid:${SM2_USER_ID} -verify <公钥.pem> -signature <签名> <文件>`,
}

export interface KeyPairPem {
  privateKeyPem: string
  publicKeyPem: string
}

const sm2AlgorithmIdentifier = () => sequence(objectIdentifier(OID_EC_PUBLIC_KEY), objectIdentifier(OID_SM2_CURVE))

/** SM2 keys as PKCS #8 / SubjectPublicKeyInfo with the SM2 curve OID, the form openssl 3 reads as SM2. */
const generateSm2 = (): KeyPairPem => {
  const {privateKey, publicKey} = sm2().generateKeyPairHex()
  const point = Buffer.from(publicKey, 'hex')
  const ecPrivateKey = sequence(integer(1n), octetString(Buffer.from(privateKey, 'hex')), tlv(0xa1, bitString(point)))
  const pkcs8 = sequence(integer(0n), sm2AlgorithmIdentifier(), octetString(ecPrivateKey))
  const spki = sequence(sm2AlgorithmIdentifier(), bitString(point))
  return {privateKeyPem: toPem('PRIVATE KEY', pkcs8), publicKeyPem: toPem('PUBLIC KEY', spki)}
}

const generateEd25519 = (): KeyPairPem => {
  const {privateKey, publicKey} = generateKeyPairSync('ed25519')
  return {
    privateKeyPem: privateKey.export({format: 'pem', type: 'pkcs8'}).toString(),
    publicKeyPem: publicKey.export({format: 'pem', type: 'spki'}).toString(),
  }
}

export const generateKeyPair = (algorithm: SigningAlgorithm): KeyPairPem => (algorithm === 'sm2' ? generateSm2() : generateEd25519())

export interface PublicKeyInfo {
  algorithm: SigningAlgorithm
  /** DER SubjectPublicKeyInfo. */
  der: Buffer
  /** For SM2: the uncompressed point `04‖x‖y` in hex. */
  pointHex: string
}

export const parsePublicKey = (publicKeyPem: string): PublicKeyInfo => {
  try {
    const der = fromPem(publicKeyPem, 'PUBLIC KEY')
    const [algorithmNode, keyNode] = children(readNode(der))
    const oids = children(algorithmNode).filter((node) => node.tag === 0x06).map((node) => decodeObjectIdentifier(node))
    const pointHex = keyNode.value.subarray(1).toString('hex')
    if (oids[0] === OID_ED25519) return {algorithm: 'ed25519', der, pointHex}
    if (oids[0] === OID_EC_PUBLIC_KEY && oids[1] === OID_SM2_CURVE) return {algorithm: 'sm2', der, pointHex}
    throw new Error(`不支持的公钥算法 ${oids.join(' / ')}`)
  } catch (error) {
    throw usageError('PUBLIC_KEY_INVALID', `公钥无法解析（应为 SM2 或 Ed25519 的 PEM 公钥）：${(error as Error).message}`)
  }
}

/** The SM2 private scalar d (hex) from our PKCS #8 encoding. */
const sm2PrivateScalar = (privateKeyPem: string): string => {
  const [, , wrapped] = children(readNode(fromPem(privateKeyPem, 'PRIVATE KEY')))
  const [, scalar] = children(readNode(wrapped.value))
  return scalar.value.toString('hex')
}

/** Fingerprint = SM3 of the DER SubjectPublicKeyInfo, hex; reproducible with `openssl pkey -pubin -outform DER | openssl dgst -sm3`. */
export const publicKeyFingerprint = (publicKeyPem: string): string =>
  hashHex('sm3', parsePublicKey(publicKeyPem).der)

/** SM2: DER-encoded (r, s) over SM3(Z ‖ M) with the default user id. Ed25519: the raw 64-byte signature. */
export const signBytes = (algorithm: SigningAlgorithm, keys: KeyPairPem, data: Uint8Array): Buffer => {
  if (algorithm === 'ed25519') return sign(null, data, createPrivateKey(keys.privateKeyPem))
  const signatureHex = sm2().doSignature(data, sm2PrivateScalar(keys.privateKeyPem), {
    der: true,
    hash: true,
    publicKey: parsePublicKey(keys.publicKeyPem).pointHex,
    userId: SM2_USER_ID,
  })
  return Buffer.from(signatureHex, 'hex')
}

export const verifyBytes = (publicKeyPem: string, data: Uint8Array, signature: Uint8Array): boolean => {
  const key = parsePublicKey(publicKeyPem)
  try {
    if (key.algorithm === 'ed25519') return verify(null, data, createPublicKey(publicKeyPem), signature)
    return sm2().doVerifySignature(data, Buffer.from(signature).toString('hex'), key.pointHex, {der: true, hash: true, userId: SM2_USER_ID})
  } catch {
    // A malformed signature (bad DER, wrong length) is simply not a valid signature.
    return false
  }
}
