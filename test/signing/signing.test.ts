import {execa} from 'execa'
import {execFileSync} from 'node:child_process'
import {readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {SM2_USER_ID} from '../../src/platform/signing/algorithms.js'
import {signDetached, verifyDetached} from '../../src/platform/signing/detached.js'
import {createSigningKey, readPublicSigningKey} from '../../src/platform/signing/keys.js'
import {workspacePaths} from '../../src/workspace/workspace.js'
import {makeTempDir} from '../helpers/cli.js'

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
})()
if (!hasOpenssl) process.stderr.write('openssl 不在 PATH 中：跳过与 openssl 命令行的互操作测试\n')

const opensslFingerprint = async (publicKeyPath: string): Promise<string> => {
  const der = await execa('openssl', ['pkey', '-pubin', '-in', publicKeyPath, '-outform', 'DER'], {encoding: 'buffer'})
  const digest = await execa('openssl', ['dgst', '-sm3', '-r'], {input: der.stdout})
  return digest.stdout.split(' ')[0]
}

/** openssl's own verdict on a detached signature, by algorithm. */
const opensslVerifies = async (algorithm: 'sm2' | 'ed25519', publicKeyPath: string, dataPath: string, signaturePath: string) => {
  const args =
    algorithm === 'sm2'
      ? ['dgst', '-sm3', '-sigopt', `distid:${SM2_USER_ID}`, '-verify', publicKeyPath, '-signature', signaturePath, dataPath]
      : ['pkeyutl', '-verify', '-pubin', '-inkey', publicKeyPath, '-rawin', '-in', dataPath, '-sigfile', signaturePath]
  const result = await execa('openssl', args, {reject: false})
  return result.exitCode === 0
}

describe.each(['sm2', 'ed25519'] as const)('signing keys: %s', (algorithm) => {
  const root = makeTempDir('zfjl-sign-')
  const paths = workspacePaths(root)
  const created = createSigningKey(paths, algorithm)
  const data = Buffer.from('bagit.txt 中文 tagmanifest\n'.repeat(50))
  const dataPath = join(root, 'data.txt')
  writeFileSync(dataPath, data)

  it('writes the private key for its owner to write and the workspace group to read, and refuses to replace it', () => {
    expect(statSync(created.privateKeyPath).mode & 0o777).toBe(0o640)
    expect(readPublicSigningKey(paths).algorithm).toBe(algorithm)
    expect(readPublicSigningKey(paths).fingerprint).toBe(created.fingerprint)
    expect(() => createSigningKey(paths, algorithm)).toThrow(/已有签名密钥/)
  })

  it('signs so that verifyDetached accepts and a changed byte fails', () => {
    const signed = signDetached({paths}, data)
    expect(signed.algorithm).toBe(algorithm)
    const verdict = verifyDetached({bytes: data, expectedFingerprint: created.fingerprint, publicKeyPem: signed.publicKeyPem, signature: signed.signature})
    expect(verdict).toMatchObject({fingerprintMatches: true, valid: true})
    const changed = Buffer.from(data)
    changed[10] ^= 1
    expect(verifyDetached({bytes: changed, publicKeyPem: signed.publicKeyPem, signature: signed.signature}).valid).toBe(false)
    expect(verifyDetached({bytes: data, expectedFingerprint: '0'.repeat(64), publicKeyPem: signed.publicKeyPem, signature: signed.signature}).fingerprintMatches).toBe(false)
  })

  it.skipIf(!hasOpenssl)('produces signatures and fingerprints the openssl command line agrees with', async () => {
    const signed = signDetached({paths}, data)
    const signaturePath = join(root, `data.${algorithm}.sig`)
    writeFileSync(signaturePath, signed.signature)
    expect(await opensslVerifies(algorithm, created.publicKeyPath, dataPath, signaturePath)).toBe(true)
    const tamperedPath = join(root, 'tampered.txt')
    writeFileSync(tamperedPath, Buffer.concat([data, Buffer.from('x')]))
    expect(await opensslVerifies(algorithm, created.publicKeyPath, tamperedPath, signaturePath)).toBe(false)
    expect(await opensslFingerprint(created.publicKeyPath)).toBe(created.fingerprint)
  })

  it.skipIf(!hasOpenssl)('accepts signatures made by openssl with the same private key', async () => {
    const signaturePath = join(root, `openssl.${algorithm}.sig`)
    const args =
      algorithm === 'sm2'
        ? ['dgst', '-sm3', '-sigopt', `distid:${SM2_USER_ID}`, '-sign', created.privateKeyPath, '-out', signaturePath, dataPath]
        : ['pkeyutl', '-sign', '-inkey', created.privateKeyPath, '-rawin', '-in', dataPath, '-out', signaturePath]
    await execa('openssl', args)
    const verdict = verifyDetached({bytes: data, publicKeyPem: created.publicKeyPem, signature: readFileSync(signaturePath)})
    expect(verdict.valid).toBe(true)
  })
})

describe('signature of the wrong algorithm', () => {
  it('an Ed25519 signature does not verify under an SM2 key', () => {
    const sm2Root = makeTempDir('zfjl-sign-')
    const edRoot = makeTempDir('zfjl-sign-')
    const sm2Key = createSigningKey(workspacePaths(sm2Root), 'sm2')
    createSigningKey(workspacePaths(edRoot), 'ed25519')
    const data = Buffer.from('x')
    const edSignature = signDetached({paths: workspacePaths(edRoot)}, data).signature
    expect(verifyDetached({bytes: data, publicKeyPem: sm2Key.publicKeyPem, signature: edSignature}).valid).toBe(false)
  })
})
