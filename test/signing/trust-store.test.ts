import {readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {generateKeyPair} from '../../src/platform/signing/algorithms.js'
import {addTrustedKey, readTrustedKey, removeTrustedKey, trustedKeyFiles} from '../../src/platform/signing/trust-store.js'
import {makeTempDir} from '../helpers/cli.js'

const listTrustedKeys = (folder: string) => trustedKeyFiles(folder).map((file) => readTrustedKey(folder, file))

describe('trust store', () => {
  it('keeps each key under its fingerprint, refuses a second copy, and removes by an unambiguous prefix', () => {
    const folder = join(makeTempDir('zfjl-trust-'), 'trust')
    expect(listTrustedKeys(folder)).toEqual([])
    const sm2 = addTrustedKey(folder, generateKeyPair('sm2').publicKeyPem, '雁峰区卫生健康局', new Date('2026-03-01T00:00:00Z'))
    const ed25519 = addTrustedKey(folder, generateKeyPair('ed25519').publicKeyPem, '石鼓区卫生健康局')
    expect(readdirSync(folder).sort()).toEqual([`${sm2.fingerprint}.json`, `${sm2.fingerprint}.pem`, `${ed25519.fingerprint}.json`, `${ed25519.fingerprint}.pem`].sort())
    expect(listTrustedKeys(folder).map((key) => [key.name, key.algorithm])).toEqual(
      [sm2, ed25519].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1)).map((key) => [key.name, key.algorithm]),
    )
    expect(listTrustedKeys(folder).find((key) => key.fingerprint === sm2.fingerprint)?.addedAt).toBe('2026-03-01T00:00:00.000Z')
    expect(() => addTrustedKey(folder, sm2.publicKeyPem, '又一次')).toThrow(expect.objectContaining({code: 'KEY_ALREADY_TRUSTED', kind: 'conflict'}))
    expect(() => addTrustedKey(folder, 'not a key', '某局')).toThrow()
    // Replacing (the caller found the files there untrusted): the same fingerprint, the new name.
    expect(addTrustedKey(folder, sm2.publicKeyPem, '雁峰区卫生健康局', new Date('2026-03-02T00:00:00Z'), {replace: true}).addedAt).toBe('2026-03-02T00:00:00.000Z')
    expect(listTrustedKeys(folder)).toHaveLength(2)
    expect(() => removeTrustedKey(folder, sm2.fingerprint.slice(0, 7))).toThrow(expect.objectContaining({code: 'FINGERPRINT_INVALID'}))
    expect(() => removeTrustedKey(folder, 'ffffffffffff')).toThrow(expect.objectContaining({code: 'KEY_NOT_TRUSTED', kind: 'not-found'}))
    expect(removeTrustedKey(folder, sm2.fingerprint.slice(0, 10).toUpperCase()).name).toBe('雁峰区卫生健康局')
    expect(listTrustedKeys(folder).map((key) => key.fingerprint)).toEqual([ed25519.fingerprint])
  })

  it('removes an entry by its file name even when the file holds another key', () => {
    const folder = join(makeTempDir('zfjl-trust-'), 'trust')
    const named = addTrustedKey(folder, generateKeyPair('sm2').publicKeyPem, '雁峰区卫生健康局')
    writeFileSync(join(folder, `${named.fingerprint}.pem`), generateKeyPair('sm2').publicKeyPem)
    expect(removeTrustedKey(folder, named.fingerprint.slice(0, 8)).fingerprint).toBe(named.fingerprint)
    expect(readdirSync(folder)).toEqual([])
  })
})
