import {execa} from 'execa'
import {execFileSync} from 'node:child_process'
import {readFileSync, rmSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {addHead, makeCase, makeTempDir, makeWorkspace, runCli} from '../helpers/cli.js'

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
})()

describe('zfjl key', {timeout: 120_000}, () => {
  it('creates a key once, shows its PEM and fingerprint, exports the public key', async () => {
    const ws = await makeWorkspace()
    // init made the key (SM2 by default).
    const again = await runCli(['key', 'create', '--workspace', ws, '--json'])
    expect(again.exitCode).toBe(4)
    expect(again.json.error.code).toBe('KEY_EXISTS')
    expect(statSync(join(ws, '.zfjl', 'keys', 'signing-key.pem')).mode & 0o777).toBe(0o640)

    const shown = await runCli(['key', 'show', '--workspace', ws, '--json'])
    expect(shown.exitCode).toBe(0)
    expect(shown.json.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
    expect(shown.json.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    expect(shown.json).not.toHaveProperty('privateKeyPath')
    const human = await runCli(['key', 'show', '--workspace', ws])
    expect(human.stdout).toContain(shown.json.fingerprint)
    expect(human.stdout).toContain('-----BEGIN PUBLIC KEY-----')

    const file = join(makeTempDir(), '公钥.pem')
    const exported = await runCli(['key', 'export-public', file, '--workspace', ws, '--json'])
    expect(exported.exitCode).toBe(0)
    expect(readFileSync(file, 'utf8')).toBe(shown.json.publicKeyPem)
    expect((await runCli(['key', 'export-public', file, '--workspace', ws, '--json'])).exitCode).toBe(4)

    const audit = await runCli(['audit', 'verify', '--workspace', ws, '--json'])
    expect(audit.exitCode).toBe(0)
  })

  it.skipIf(!hasOpenssl)('fingerprints the public key as the openssl command line does (SM3 of the DER)', async () => {
    const ws = await makeWorkspace()
    const shown = await runCli(['key', 'show', '--workspace', ws, '--json'])
    const file = join(makeTempDir(), '公钥.pem')
    expect((await runCli(['key', 'export-public', file, '--workspace', ws, '--json'])).exitCode).toBe(0)
    const der = await execa('openssl', ['pkey', '-pubin', '-in', file, '-outform', 'DER'], {encoding: 'buffer'})
    expect((await execa('openssl', ['dgst', '-sm3', '-r'], {input: der.stdout})).stdout.split(' ')[0]).toBe(shown.json.fingerprint)
  })

  it('says how to make a key when the workspace has none', async () => {
    const ws = await makeWorkspace()
    // A workspace from before keys existed (or whose key folder was lost).
    rmSync(join(ws, '.zfjl', 'keys'), {force: true, recursive: true})
    const shown = await runCli(['key', 'show', '--workspace', ws, '--json'])
    expect(shown.exitCode).toBe(3)
    expect(shown.json.error.message).toContain('zfjl key create')
    const caseId = await makeCase(ws)
    // Only a head may force a pack, and that check comes first; act as one so the key check is reached.
    const asHead = await addHead(ws)
    const pack = await runCli(['archive', 'pack', caseId, '--force', '--reason', '缺少密钥的测试', '--workspace', ws, '--json', ...asHead])
    expect(pack.json.error.code).toBe('KEY_MISSING')
    expect(pack.exitCode).toBe(3)
    const created = await runCli(['key', 'create', '--algorithm', 'ed25519', '--workspace', ws, '--json'])
    expect(created.exitCode, created.stdout + created.stderr).toBe(0)
    expect(created.json.algorithm).toBe('ed25519')
  })
})
