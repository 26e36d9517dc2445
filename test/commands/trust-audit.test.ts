import Database from 'better-sqlite3'
import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {generateKeyPair} from '../../src/platform/signing/algorithms.js'
import {hashAuditRow} from '../../src/platform/db/audit-chain.js'
import {addHead, makeCase, makeTempDir, makeWorkspace, runCli} from '../helpers/cli.js'
import {tamperCatalog} from '../helpers/tamper.js'

const FOREIGN_UNIT = '衡阳市珠晖区卫生健康局'

/** A workspace with its own signing key (init makes one; `key create` where it does not). */
const workspaceWithKey = async (): Promise<string> => {
  const ws = await makeWorkspace()
  if ((await runCli(['key', 'show', '--workspace', ws, '--json'])).exitCode !== 0) {
    const created = await runCli(['key', 'create', '--workspace', ws, '--json'])
    if (created.exitCode !== 0) throw new Error(created.stdout + created.stderr)
  }

  return ws
}

type Finding = {code: string; severity: string; message: string}

describe('the workspace trust store counts only what its audit chain records', {timeout: 300_000}, () => {
  let verifier: string
  let zip: string
  let publicKey: string
  let fingerprint: string
  const trustFolder = () => join(verifier, '.zfjl', 'trust')
  const cli = (args: string[], env: Record<string, string> = {}) => runCli([...args, '--workspace', verifier, '--json'], {env})
  const verify = async (env: Record<string, string> = {}) => cli(['archive', 'verify', zip], env)
  const warnings = (findings: Finding[]) => findings.filter((finding) => finding.severity === 'warning')

  /** Copies the foreign unit's key into the verifier's trust folder by hand, as an attacker (or a careless admin) would. */
  const plant = (name = FOREIGN_UNIT) => {
    mkdirSync(trustFolder(), {recursive: true})
    copyFileSync(publicKey, join(trustFolder(), `${fingerprint}.pem`))
    writeFileSync(join(trustFolder(), `${fingerprint}.json`), `${JSON.stringify({addedAt: '2026-03-01T00:00:00.000Z', algorithm: 'sm2', fingerprint, name}, null, 2)}\n`)
  }

  beforeAll(async () => {
    // Another unit's workspace packs a real signed archive; the verifier is a second workspace with its own key.
    const foreign = await workspaceWithKey()
    const caseId = await makeCase(foreign)
    const head = await addHead(foreign)
    zip = join(makeTempDir('zfjl-trust-archive-'), `${caseId}.zip`)
    const packed = await runCli(['archive', 'pack', caseId, '--out', zip, '--force', '--reason', '测试：先行归档', ...head, '--workspace', foreign, '--json'])
    expect(packed.exitCode, packed.stdout + packed.stderr).toBe(0)
    fingerprint = packed.json.signerFingerprint as string
    publicKey = join(makeTempDir('zfjl-trust-key-'), 'foreign.pem')
    expect((await runCli(['key', 'export-public', publicKey, '--workspace', foreign, '--json'])).exitCode).toBe(0)
    verifier = await workspaceWithKey()
  })

  it('a planted key file is not trusted: archive verify says 未验证 naming the file, key trust list marks it, audit verify lists it', async () => {
    plant()
    const planted = await verify()
    expect(planted.exitCode, planted.stdout).toBe(1)
    expect(planted.json.signature).toMatchObject({keySource: 'embedded', trustedName: null})
    expect(planted.json.findings).toContainEqual(expect.objectContaining({code: 'SIGNER_UNTRUSTED', severity: 'error'}))
    expect(warnings(planted.json.findings)).toEqual([
      expect.objectContaining({code: 'TRUST_ENTRY_REFUSED', message: `信任库中的 ${fingerprint}.pem 没有审计记录（不是用 zfjl key trust add 加入的），未采用`}),
    ])
    const human = await runCli(['archive', 'verify', zip, '--workspace', verifier])
    expect(human.stdout).toContain('✗ 真实性：未验证')
    expect(human.stdout).not.toContain('信任库中的公钥（')

    const list = await cli(['key', 'trust', 'list'])
    expect(list.json.keys).toEqual([expect.objectContaining({fingerprint, name: FOREIGN_UNIT, problem: expect.stringContaining('没有审计记录'), trusted: false})])
    expect((await runCli(['key', 'trust', 'list', '--workspace', verifier])).stdout).toContain('〔未经审计，不采用〕')

    const audit = await cli(['audit', 'verify'])
    expect(audit.exitCode).toBe(1)
    expect(audit.json).toMatchObject({ok: false, problems: [], trust: {problems: [expect.objectContaining({file: `${fingerprint}.pem`, fingerprint})]}})
    expect((await runCli(['audit', 'verify', '--workspace', verifier])).stdout).toContain(`信任库中的 ${fingerprint}.pem 没有审计记录`)
  })

  it('key trust add of the same key makes it trusted (replacing the planted files, recorded in the audit chain); a second add is refused', async () => {
    const added = await cli(['key', 'trust', 'add', publicKey, '--name', FOREIGN_UNIT])
    expect(added.exitCode, added.stdout + added.stderr).toBe(0)
    const trusted = await verify()
    expect(trusted.exitCode, trusted.stdout).toBe(0)
    expect(trusted.json.signature).toMatchObject({keySource: 'trusted', trustedName: FOREIGN_UNIT, valid: true})
    expect(warnings(trusted.json.findings)).toEqual([])
    expect((await cli(['audit', 'verify'])).exitCode).toBe(0)
    expect((await cli(['key', 'trust', 'list'])).json.keys).toEqual([expect.objectContaining({fingerprint, problem: null, trusted: true})])
    const rows = (await cli(['audit', 'log', '--action', 'key.trust'])).json.rows as Array<{action: string; details: Record<string, unknown>}>
    expect(rows).toEqual([expect.objectContaining({action: 'key.trust.add', details: expect.objectContaining({fingerprint, name: FOREIGN_UNIT, replaced: expect.stringContaining('没有审计记录')})})])
    const again = await cli(['key', 'trust', 'add', publicKey, '--name', FOREIGN_UNIT])
    expect([again.exitCode, again.json.error.code]).toEqual([4, 'KEY_ALREADY_TRUSTED'])
  })

  it('an edited name or another key under the audited file name is not trusted; the audited content is again', async () => {
    const infoFile = join(trustFolder(), `${fingerprint}.json`)
    const pemFile = join(trustFolder(), `${fingerprint}.pem`)
    const audited = {info: readFileSync(infoFile), pem: readFileSync(pemFile)}

    writeFileSync(infoFile, JSON.stringify({...JSON.parse(audited.info.toString('utf8')), name: '衡阳市雁峰区卫生健康局'}))
    const renamed = await verify()
    expect(renamed.exitCode).toBe(1)
    expect(renamed.json.signature.keySource).toBe('embedded')
    expect(warnings(renamed.json.findings)).toEqual([expect.objectContaining({code: 'TRUST_ENTRY_REFUSED', message: expect.stringMatching(/与第 \d+ 条审计记录不符（单位名称记为「衡阳市珠晖区卫生健康局」，文件中为「衡阳市雁峰区卫生健康局」）/)})])
    expect((await cli(['audit', 'verify'])).exitCode).toBe(1)

    writeFileSync(infoFile, audited.info)
    writeFileSync(pemFile, generateKeyPair('sm2').publicKeyPem)
    expect((await verify()).exitCode).toBe(1)
    expect((await cli(['key', 'trust', 'list'])).json.keys).toEqual([expect.objectContaining({problem: expect.stringContaining('文件名与其中公钥的指纹'), trusted: false})])

    writeFileSync(pemFile, audited.pem)
    expect((await verify()).exitCode).toBe(0)
  })

  it('key trust remove, then the files copied back: not trusted, and ZFJL_TRUST_DIR does not bring the removed key back inside the workspace', async () => {
    const saved = makeTempDir('zfjl-trust-saved-')
    for (const file of [`${fingerprint}.pem`, `${fingerprint}.json`]) copyFileSync(join(trustFolder(), file), join(saved, file))
    expect((await cli(['key', 'trust', 'remove', fingerprint.slice(0, 12)])).exitCode).toBe(0)
    for (const file of [`${fingerprint}.pem`, `${fingerprint}.json`]) copyFileSync(join(saved, file), join(trustFolder(), file))

    const restored = await verify()
    expect(restored.exitCode).toBe(1)
    expect(restored.json.signature.keySource).toBe('embedded')
    expect(warnings(restored.json.findings)).toEqual([expect.objectContaining({message: expect.stringMatching(/对应的公钥已于第 \d+ 条审计记录移除信任，未采用$/)})])
    expect((await cli(['audit', 'verify'])).json.trust.problems).toHaveLength(1)

    // The user-level store (no audit chain) holds the same key: outside a workspace it is trusted as before …
    const userStore = join(makeTempDir('zfjl-trust-user-'), 'trust')
    const env = {ZFJL_TRUST_DIR: userStore}
    const elsewhere = makeTempDir('zfjl-trust-elsewhere-')
    expect((await runCli(['key', 'trust', 'add', publicKey, '--name', FOREIGN_UNIT, '--json'], {cwd: elsewhere, env})).exitCode).toBe(0)
    const outside = await runCli(['archive', 'verify', zip, '--json'], {cwd: elsewhere, env})
    expect(outside.exitCode, outside.stdout).toBe(0)
    expect(outside.json.signature).toMatchObject({keySource: 'trusted', trustedName: FOREIGN_UNIT})
    expect(warnings(outside.json.findings)).toEqual([])
    // … but in this workspace, whose audit chain removed it, it stays untrusted and verify says why.
    const inside = await verify(env)
    expect(inside.exitCode).toBe(1)
    expect(inside.json.findings).toContainEqual(expect.objectContaining({code: 'TRUST_ENTRY_REFUSED', message: expect.stringContaining(`ZFJL_TRUST_DIR 信任库（${userStore}）`)}))
  })

  it('in a workspace whose chain never recorded the key, a ZFJL_TRUST_DIR key is used with a warning naming that store', async () => {
    const other = await workspaceWithKey()
    const userStore = join(makeTempDir('zfjl-trust-user-'), 'trust')
    const env = {ZFJL_TRUST_DIR: userStore}
    expect((await runCli(['key', 'trust', 'add', publicKey, '--name', FOREIGN_UNIT, '--json'], {env})).exitCode).toBe(0)
    const verified = await runCli(['archive', 'verify', zip, '--workspace', other, '--json'], {env})
    expect(verified.exitCode, verified.stdout).toBe(0)
    expect(verified.json.signature).toMatchObject({keySource: 'trusted', trustedName: FOREIGN_UNIT})
    expect(warnings(verified.json.findings)).toEqual([expect.objectContaining({code: 'TRUSTED_OUTSIDE_WORKSPACE', message: expect.stringContaining(userStore)})])
  })

  it('an audit row edited to match an edited file is no record: the key is not trusted', async () => {
    const other = await workspaceWithKey()
    expect((await runCli(['key', 'trust', 'add', publicKey, '--name', FOREIGN_UNIT, '--workspace', other, '--json'])).exitCode).toBe(0)
    expect((await runCli(['archive', 'verify', zip, '--workspace', other, '--json'])).exitCode).toBe(0)
    tamperCatalog(join(other, '.zfjl', 'zfjl.db'), "UPDATE audit_log SET details = replace(details, ?, '衡阳市雁峰区卫生健康局') WHERE action = 'key.trust.add'", FOREIGN_UNIT)
    const infoFile = join(other, '.zfjl', 'trust', `${fingerprint}.json`)
    writeFileSync(infoFile, JSON.stringify({...JSON.parse(readFileSync(infoFile, 'utf8')), name: '衡阳市雁峰区卫生健康局'}))
    const verified = await runCli(['archive', 'verify', zip, '--workspace', other, '--json'])
    expect(verified.exitCode).toBe(1)
    expect(warnings(verified.json.findings)).toEqual([expect.objectContaining({message: expect.stringContaining('没有审计记录')})])
    const audit = await runCli(['audit', 'verify', '--workspace', other, '--json'])
    expect(audit.json.problems).toContainEqual(expect.objectContaining({kind: 'hash-mismatch'}))
    expect(audit.json.trust.problems).toHaveLength(1)
  })

  it('a key.trust.add forged in place of a middle row, with its own hash and back link right, is no record', async () => {
    const other = await workspaceWithKey()
    mkdirSync(join(other, '.zfjl', 'trust'), {recursive: true})
    copyFileSync(publicKey, join(other, '.zfjl', 'trust', `${fingerprint}.pem`))
    writeFileSync(join(other, '.zfjl', 'trust', `${fingerprint}.json`), JSON.stringify({addedAt: '2026-03-01T00:00:00.000Z', algorithm: 'sm2', fingerprint, name: FOREIGN_UNIT}))
    const db = new Database(join(other, '.zfjl', 'zfjl.db'))
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update')
    const previous = db.prepare('SELECT hash FROM audit_log WHERE seq = 1').get() as {hash: string}
    const forged = {action: 'key.trust.add', actor: '张伟', at: '2026-03-02T09:00:00+08:00', caseId: null, details: {fingerprint, name: FOREIGN_UNIT}, osUser: 'x', prevHash: previous.hash, seq: 2, subject: fingerprint}
    db.prepare('UPDATE audit_log SET action = ?, actor = ?, at = ?, os_user = ?, case_id = NULL, subject = ?, details = ?, prev_hash = ?, hash = ? WHERE seq = 2').run(
      forged.action, forged.actor, forged.at, forged.osUser, forged.subject, JSON.stringify(forged.details), forged.prevHash, hashAuditRow(forged),
    )
    db.close()
    const verified = await runCli(['archive', 'verify', zip, '--workspace', other, '--json'])
    expect(verified.exitCode).toBe(1)
    expect(verified.json.signature.trustedName).toBeNull()
  })
})
