import {execa} from 'execa'
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {buildMp4, buildWav} from '../archive/bag-fixtures.js'
import {checkBagIndependently} from '../archive/independent-bag-check.js'
import {flipByte, readZip, setDeclaredSize, writeZip, type ZipItem} from '../archive/zip-edit.js'
import {signDetached} from '../../src/platform/signing/detached.js'
import {createSigningKey} from '../../src/platform/signing/keys.js'
import {makeCase, makeTempDir, makeWorkspace, PROJECT_ROOT, runCli} from '../helpers/cli.js'
import {hasTool} from '../helpers/tools.js'

const hasOpenssl = hasTool('openssl', ['version'])
const hasUnzip = hasTool('unzip', ['-v'])
const hasMkfifo = hasTool('mkfifo', ['--version'])
if (!hasOpenssl) process.stderr.write('openssl 不在 PATH 中：跳过用 openssl 命令行核验案卷签名\n')
if (!hasUnzip) process.stderr.write('unzip 不在 PATH 中：改用 yauzl 解压案卷\n')

const DATA = join(PROJECT_ROOT, 'examples', 'documents', 'data')

/** A workspace with a signing key (made by init, or by `key create` where init does not make one yet) and a head, 王强, who may force a pack. */
const workspaceWithKey = async (): Promise<string> => {
  const ws = await makeWorkspace()
  const head = await runCli(['people', 'add', '王强', '--role', 'head', '--workspace', ws, '--json'])
  if (head.exitCode !== 0) throw new Error(head.stdout + head.stderr)
  if ((await runCli(['key', 'show', '--workspace', ws, '--json'])).exitCode !== 0) {
    const created = await runCli(['key', 'create', '--workspace', ws, '--json'])
    if (created.exitCode !== 0) throw new Error(created.stdout + created.stderr)
  }

  return ws
}

const unzipTo = async (zip: string, target: string): Promise<void> => {
  mkdirSync(target, {recursive: true})
  if (hasUnzip) {
    await execa('unzip', ['-q', zip, '-d', target])
    return
  }

  for (const item of await readZip(zip)) {
    mkdirSync(dirname(join(target, item.name)), {recursive: true})
    writeFileSync(join(target, item.name), item.data)
  }
}

describe('zfjl archive pack / verify', {timeout: 300_000}, () => {
  let ws: string
  let caseId: string
  let zip: string
  let packed: Record<string, unknown> & {sha256: string; sm3: string; size: number; signerFingerprint: string}
  let items: ZipItem[]
  const cli = (args: string[], options: {cwd?: string} = {}) => runCli([...args, '--workspace', ws, '--json'], options)

  beforeAll(async () => {
    ws = await workspaceWithKey()
    caseId = await makeCase(ws)
    const fill = await cli(['doc', 'fill', caseId, 'penalty-decision', '--data', join(DATA, 'penalty-decision.yaml'), '--date', '2026-04-01'])
    expect(fill.exitCode, fill.stdout + fill.stderr).toBe(0)
    const sources = makeTempDir('zfjl-archive-src-')
    writeFileSync(join(sources, '现场检查.mp4'), buildMp4(12.5, 300_000))
    writeFileSync(join(sources, '询问录音.wav'), buildWav(3))
    const added = await cli(['media', 'add', caseId, join(sources, '现场检查.mp4'), join(sources, '询问录音.wav'), '--step', 'onsite-inspection'])
    expect(added.exitCode, added.stdout + added.stderr).toBe(0)
  })

  it('refuses while check reports errors, and packs with --force --reason, recording digests in the catalog and audit chain', async () => {
    const check = await cli(['check', caseId])
    const errors = (check.json.findings as Array<{severity: string; case: string}>).filter((finding) => finding.severity === 'error' && finding.case === caseId)
    // The decision was filled without a prior notice or service: the rules engine reports errors.
    expect(errors.length).toBeGreaterThan(0)
    zip = join(makeTempDir('zfjl-archive-out-'), `${caseId}.zip`)
    const refused = await cli(['archive', 'pack', caseId, '--out', zip])
    expect(refused.exitCode).toBe(4)
    expect(refused.json.error.code).toBe('CASE_HAS_ERRORS')
    expect(existsSync(zip)).toBe(false)
    expect((await cli(['archive', 'pack', caseId, '--out', zip, '--force'])).exitCode).toBe(2)
    const notHead = await cli(['archive', 'pack', caseId, '--out', zip, '--force', '--reason', '当事人下落不明，先行归档'])
    expect([notHead.exitCode, notHead.json.error.code]).toEqual([5, 'FORCE_REQUIRES_HEAD'])

    const result = await cli(['archive', 'pack', caseId, '--out', zip, '--force', '--reason', '当事人下落不明，先行归档', '--officer', '王强'])
    expect(result.exitCode, result.stdout + result.stderr).toBe(0)
    packed = result.json
    const bytes = readFileSync(zip)
    expect(packed).toMatchObject({
      caseId,
      checkErrors: errors.length,
      forcedReason: '当事人下落不明，先行归档',
      payloadFiles: 5,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      sm3: createHash('sm3').update(bytes).digest('hex'),
    })
    const key = await cli(['key', 'show'])
    expect(packed.signerFingerprint).toBe(key.json.fingerprint)
    const audit = await cli(['audit', 'log', '--case', caseId])
    const row = (audit.json.rows as Array<{action: string; details: Record<string, unknown>}>).find((entry) => entry.action === 'archive.pack')
    expect(row?.details).toMatchObject({authorisedBy: '王强', forcedReason: '当事人下落不明，先行归档', sha256: packed.sha256, signerFingerprint: packed.signerFingerprint, sm3: packed.sm3})
    expect((await cli(['audit', 'verify'])).exitCode).toBe(0)
    items = await readZip(zip)
  })

  it('holds a bag that an independent check accepts, with case.json and bag-info', async () => {
    const folder = join(makeTempDir('zfjl-archive-x-'), 'bag')
    await unzipTo(zip, folder)
    expect(checkBagIndependently(folder)).toEqual([])
    const bagInfo = readFileSync(join(folder, 'bag-info.txt'), 'utf8')
    expect(bagInfo).toContain('Source-Organization: 珠晖区卫生健康局\n')
    expect(bagInfo).toContain(`External-Identifier: ${caseId}\n`)
    expect(bagInfo).toMatch(/^External-Identifier: 珠卫罚〔2026〕\d+号$/m)
    expect(bagInfo).toContain('Forced-Archive-Reason: 当事人下落不明，先行归档\n')
    expect(bagInfo).toContain('Forced-Archive-Authorised-By: 王强（执法机构负责人）\n')
    expect(bagInfo).toContain('Case-Officer: 张伟（执法证号 44010020260001）\n')
    const metadata = JSON.parse(readFileSync(join(folder, 'data/metadata/case.json'), 'utf8'))
    expect(metadata.case.id).toBe(caseId)
    expect(metadata.documents[0]).toMatchObject({number: expect.stringMatching(/^珠卫罚〔2026〕\d+号$/), type: 'penalty-decision'})
    expect(metadata.media.map((media: {durationSec: number}) => Math.round(media.durationSec)).sort()).toEqual([13, 3].sort())
    expect(metadata.checkFindings.some((finding: {severity: string}) => finding.severity === 'error')).toBe(true)
    expect(metadata.audit.rows.map((row: {action: string}) => row.action)).toEqual(expect.arrayContaining(['case.new', 'doc.fill', 'media.add']))
    expect(metadata.audit.head.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(metadata.contents.map((entry: {seq: number}) => entry.seq)).toEqual([1, 2, 3])
  })

  it.skipIf(!hasOpenssl)('carries a signature that the openssl command line verifies with the exported public key', async () => {
    const folder = join(makeTempDir('zfjl-archive-x-'), 'bag')
    await unzipTo(zip, folder)
    const publicKey = join(makeTempDir('zfjl-archive-k-'), 'unit.pem')
    expect((await cli(['key', 'export-public', publicKey])).exitCode).toBe(0)
    const verified = await execa(
      'openssl',
      ['dgst', '-sm3', '-sigopt', 'distid:1234567812345678', '-verify', publicKey, '-signature', join(folder, 'signature/tagmanifest-sha256.txt.sig'), join(folder, 'tagmanifest-sha256.txt')],
      {reject: false},
    )
    expect(verified.stdout).toContain('Verified OK')
  })

  it('passes 四性检测 inside the workspace and with --pubkey elsewhere', async () => {
    const inside = await cli(['archive', 'verify', zip])
    expect(inside.exitCode, inside.stdout).toBe(0)
    expect(inside.json).toMatchObject({caseId, ok: true, signature: {keySource: 'workspace', valid: true}})
    const publicKey = join(makeTempDir('zfjl-archive-k-'), 'unit.pem')
    await cli(['key', 'export-public', publicKey])
    const outside = await runCli(['archive', 'verify', zip, '--pubkey', publicKey], {cwd: makeTempDir()})
    expect(outside.exitCode, outside.stdout).toBe(0)
    expect(outside.stdout).toContain('✓ 真实性：通过')
    expect(outside.stdout).toContain('结论：四性检测全部通过')
    expect(outside.stdout).toContain('用所给公钥（--pubkey）核验')
  })

  it('makes the disc label from the case (newest archive) as PDF and from the zip as SVG, both with the archive SM3', async () => {
    const folder = makeTempDir('zfjl-archive-l-')
    const fromCase = await cli(['archive', 'label', caseId, '--out', join(folder, 'label.pdf')])
    expect(fromCase.exitCode, fromCase.stdout + fromCase.stderr).toBe(0)
    expect(fromCase.json).toMatchObject({archiveSm3: packed.sm3, caseId, format: 'pdf', signerFingerprint: packed.signerFingerprint})
    expect(readFileSync(join(folder, 'label.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
    // Outside the workspace the unit's published key vouches for the signer, as for archive verify.
    const publicKey = join(makeTempDir('zfjl-archive-k-'), 'unit.pem')
    await cli(['key', 'export-public', publicKey])
    const fromZip = await runCli(['archive', 'label', zip, '--out', join(folder, 'label.svg'), '--pubkey', publicKey, '--json'], {cwd: folder})
    expect(fromZip.exitCode, fromZip.stdout + fromZip.stderr).toBe(0)
    expect(fromZip.json).toMatchObject({archiveSm3: packed.sm3, caseId, format: 'svg', signerFingerprint: packed.signerFingerprint})
    expect(readFileSync(join(folder, 'label.svg'), 'utf8')).toContain('<title>珠晖区卫生健康局</title>')
    expect((await cli(['archive', 'label', caseId, '--out', join(folder, 'label.pdf')])).exitCode).toBe(4)
  })

  const verifyTampered = async (name: string, change: (target: string) => void | Promise<void>) => {
    const target = join(makeTempDir('zfjl-archive-t-'), name)
    await change(target)
    return cli(['archive', 'verify', target])
  }

  const problems = (result: Awaited<ReturnType<typeof cli>>) => (result.json.findings as Array<{code: string; path: string | null}>).map((finding) => `${finding.code} ${finding.path}`)

  it('exits 1 naming the problem: a flipped byte in stored media, a removed file, an added file, an edited bag-info', async () => {
    const video = items.find((item) => item.name.endsWith('.mp4'))!
    const flippedZip = join(makeTempDir('zfjl-archive-t-'), 'flipped.zip')
    copyFileSync(zip, flippedZip)
    flipByte(flippedZip, video.dataOffset + 1000)
    const flipped = await cli(['archive', 'verify', flippedZip])
    expect(flipped.exitCode).toBe(1)
    expect(problems(flipped)).toContain(`DIGEST_MISMATCH ${video.name}`)
    const human = await runCli(['archive', 'verify', flippedZip, '--workspace', ws])
    expect(human.exitCode).toBe(1)
    expect(human.stdout).toContain('✗ 完整性：不通过')
    expect(human.stdout).toContain(video.name)

    const removed = await verifyTampered('removed.zip', (target) => writeZip(target, items.filter((item) => item !== video)))
    expect(removed.exitCode).toBe(1)
    expect(problems(removed)).toContain(`FILE_MISSING ${video.name}`)

    const added = await verifyTampered('added.zip', (target) => writeZip(target, [...items, {data: Buffer.from('后补材料'), deflate: true, name: 'data/electronic/后补.txt'}]))
    expect(added.exitCode).toBe(1)
    expect(problems(added)).toContain('NOT_IN_MANIFEST data/electronic/后补.txt')

    const edited = await verifyTampered('bag-info.zip', (target) =>
      writeZip(target, items.map((item) => (item.name === 'bag-info.txt' ? {...item, data: Buffer.from(item.data.toString().replace('先行归档', '正常归档'))} : item))),
    )
    expect(edited.exitCode).toBe(1)
    expect(problems(edited)).toContain('DIGEST_MISMATCH bag-info.txt')
  })

  /** The packed bag re-signed with a fresh key kept in `folder/.zfjl/keys`, beside a copied zfjl.json: a forger's kit. */
  const forgedKit = (): {folder: string; zip: string; fingerprint: string; publicKey: string} => {
    const folder = makeTempDir('zfjl-archive-forged-')
    copyFileSync(join(ws, 'zfjl.json'), join(folder, 'zfjl.json'))
    const keys = {keys: join(folder, '.zfjl', 'keys')}
    createSigningKey(keys, 'sm2')
    const signed = signDetached({paths: keys}, items.find((item) => item.name === 'tagmanifest-sha256.txt')!.data)
    const replaced = new Map<string, Buffer>([
      ['signature/tagmanifest-sha256.txt.sig', signed.signature],
      ['signature/signer.pub.pem', Buffer.from(signed.publicKeyPem)],
      ['signature/signer.fingerprint', Buffer.from(`${signed.fingerprint}\n`)],
    ])
    const forged = join(folder, 'forged.zip')
    writeZip(forged, items.map((item) => ({...item, data: replaced.get(item.name) ?? item.data})))
    const publicKey = join(folder, 'forger.pem')
    writeFileSync(publicKey, signed.publicKeyPem)
    return {fingerprint: signed.fingerprint, folder, publicKey, zip: forged}
  }

  it('outside a workspace, without a trusted key: 真实性 未验证 and exit 1; --allow-untrusted shows the fingerprint; a trust store (ZFJL_TRUST_DIR) makes it pass', async () => {
    const elsewhere = makeTempDir('zfjl-archive-o-')
    const untrusted = await runCli(['archive', 'verify', zip], {cwd: elsewhere})
    expect(untrusted.exitCode).toBe(1)
    expect(untrusted.stdout).toContain('✗ 真实性：未验证')
    const json = await runCli(['archive', 'verify', zip, '--json'], {cwd: elsewhere})
    expect(json.json.findings).toEqual([expect.objectContaining({code: 'SIGNER_UNTRUSTED'})])
    const allowed = await runCli(['archive', 'verify', zip, '--allow-untrusted'], {cwd: elsewhere})
    expect(allowed.exitCode, allowed.stdout).toBe(0)
    expect(allowed.stdout).toContain(packed.signerFingerprint)

    const trustDir = join(makeTempDir('zfjl-archive-trust-'), 'trust')
    const publicKey = join(elsewhere, 'unit.pem')
    await cli(['key', 'export-public', publicKey])
    const env = {ZFJL_TRUST_DIR: trustDir}
    const added = await runCli(['key', 'trust', 'add', publicKey, '--name', '珠晖区卫生健康局', '--json'], {cwd: elsewhere, env})
    expect(added.exitCode, added.stdout + added.stderr).toBe(0)
    expect(added.json).toMatchObject({fingerprint: packed.signerFingerprint, folder: trustDir, name: '珠晖区卫生健康局'})
    const trusted = await runCli(['archive', 'verify', zip, '--json'], {cwd: elsewhere, env})
    expect(trusted.exitCode, trusted.stdout).toBe(0)
    expect(trusted.json.signature).toMatchObject({keySource: 'trusted', trustedName: '珠晖区卫生健康局'})
    expect(readdirSync(elsewhere)).toEqual(['unit.pem'])
  })

  it('ignores a folder holding a forged zfjl.json and key (no database): the forged bag stays 未验证 and no zfjl.db is written', async () => {
    const kit = forgedKit()
    const inForgedFolder = await runCli(['archive', 'verify', kit.zip, '--json'], {cwd: kit.folder})
    expect(inForgedFolder.exitCode).toBe(1)
    expect(inForgedFolder.json.findings).toEqual([expect.objectContaining({code: 'SIGNER_UNTRUSTED'})])
    const human = await runCli(['archive', 'verify', kit.zip], {cwd: kit.folder})
    expect(human.stderr).toContain('没有工作区数据库')
    expect(human.stdout).toContain('✗ 真实性：未验证')
    // A disc label vouches for the archive: none for an untrusted signer unless --allow-untrusted says so.
    const label = await runCli(['archive', 'label', kit.zip, '--out', join(kit.folder, 'label.svg'), '--json'], {cwd: kit.folder})
    expect(label.exitCode, label.stdout + label.stderr).toBe(1)
    expect(label.json.error).toMatchObject({code: 'SIGNER_UNTRUSTED', message: expect.stringContaining('--allow-untrusted')})
    expect(existsSync(join(kit.folder, 'label.svg'))).toBe(false)
    const allowed = await runCli(['archive', 'label', kit.zip, '--out', join(kit.folder, 'label.svg'), '--allow-untrusted', '--json'], {cwd: kit.folder})
    expect(allowed.exitCode, allowed.stdout + allowed.stderr).toBe(0)
    expect(allowed.json.signerFingerprint).toBe(kit.fingerprint)
    expect(existsSync(join(kit.folder, '.zfjl', 'zfjl.db'))).toBe(false)

    // In the real workspace the forger's key is another unit's until someone trusts it on purpose.
    expect((await cli(['archive', 'verify', kit.zip])).json.findings[0].message).toContain('不是本工作区的密钥')
    const added = await cli(['key', 'trust', 'add', kit.publicKey, '--name', '雁峰区卫生健康局'])
    expect(added.exitCode, added.stdout + added.stderr).toBe(0)
    expect(added.json.folder).toBe(join(ws, '.zfjl', 'trust'))
    expect((await cli(['key', 'trust', 'list'])).json.keys).toEqual([expect.objectContaining({fingerprint: kit.fingerprint, name: '雁峰区卫生健康局'})])
    const trusted = await cli(['archive', 'verify', kit.zip])
    expect(trusted.exitCode, trusted.stdout).toBe(0)
    expect(trusted.json.signature).toMatchObject({keySource: 'trusted', trustedName: '雁峰区卫生健康局'})
    expect((await cli(['key', 'trust', 'remove', kit.fingerprint.slice(0, 12)])).exitCode).toBe(0)
    expect((await cli(['archive', 'verify', kit.zip])).exitCode).toBe(1)
    const audit = await cli(['audit', 'log'])
    expect((audit.json.rows as Array<{action: string}>).map((row) => row.action)).toEqual(expect.arrayContaining(['key.trust.add', 'key.trust.remove']))
  })

  it('verifies a case id as its newest archive, and shows a forced archive\'s reason and error count', async () => {
    const byCase = await cli(['archive', 'verify', caseId])
    expect(byCase.exitCode, byCase.stdout).toBe(0)
    expect(byCase.json).toMatchObject({caseId, forced: {checkErrors: packed.checkErrors, reason: '当事人下落不明，先行归档'}})
    const human = await runCli(['archive', 'verify', caseId, '--workspace', ws])
    expect(human.stdout).toContain(`强制归档：理由「当事人下落不明，先行归档」；归档时检查错误 ${packed.checkErrors} 项`)
  })

  it('exits 1 naming the 容器 problem for a zip bomb, in archive verify and archive label', async () => {
    const folder = makeTempDir('zfjl-archive-bomb-')
    const bomb = join(folder, 'bomb.zip')
    const bagInfo = items.find((item) => item.name === 'bag-info.txt')!
    writeZip(bomb, items.map((item) => (item === bagInfo || item.name === 'data/metadata/case.json' ? {...item, data: Buffer.alloc(64 * 1024 * 1024, 0x20), deflate: true} : item)))
    setDeclaredSize(bomb, 'bag-info.txt', bagInfo.data.length)
    setDeclaredSize(bomb, 'data/metadata/case.json', 1000)
    const verified = await cli(['archive', 'verify', bomb])
    expect(verified.exitCode).toBe(1)
    expect(verified.json.findings).toContainEqual(expect.objectContaining({code: 'ZIP_ENTRY_OVERSIZED', message: expect.stringMatching(/^zip 容器/), path: 'bag-info.txt'}))
    const label = await cli(['archive', 'label', bomb, '--out', join(folder, 'label.svg')])
    expect(label.exitCode).toBe(1)
    expect(label.json.error).toMatchObject({code: 'ARCHIVE_VERIFY_FAILED', message: expect.stringContaining('zip 容器')})
    expect(label.json.error.details.findings).toContainEqual(expect.objectContaining({code: 'ZIP_ENTRY_OVERSIZED'}))
  })

  it('labels no archive that fails 四性检测 (exit 1, nothing written): a flipped byte in stored media', async () => {
    const video = items.find((item) => item.name.endsWith('.mp4'))!
    const folder = makeTempDir('zfjl-archive-lt-')
    const flippedZip = join(folder, 'flipped.zip')
    copyFileSync(zip, flippedZip)
    flipByte(flippedZip, video.dataOffset + 1000)
    const label = await cli(['archive', 'label', flippedZip, '-o', join(folder, 'x.pdf')])
    expect(label.exitCode).toBe(1)
    expect(label.json.error).toMatchObject({code: 'ARCHIVE_VERIFY_FAILED', message: expect.stringContaining(`zfjl archive verify ${flippedZip}`)})
    expect(label.json.error.details.findings).toContainEqual(expect.objectContaining({code: 'DIGEST_MISMATCH', path: video.name}))
    expect(readdirSync(folder)).toEqual(['flipped.zip'])
  })

  it('names the default label after the archive, so a repacked case gets its own label; an existing label is kept and -o named', async () => {
    const pack = () => cli(['archive', 'pack', caseId, '--force', '--reason', '当事人下落不明，先行归档', '--officer', '王强'])
    const first = await pack()
    expect(first.exitCode, first.stdout + first.stderr).toBe(0)
    const firstLabel = await cli(['archive', 'label', caseId])
    expect(firstLabel.exitCode, firstLabel.stdout + firstLabel.stderr).toBe(0)
    expect(firstLabel.json.out).toBe(join(ws, first.json.file.replace(/\.zip$/, '-光盘标签.pdf')))

    const again = await cli(['archive', 'label', caseId])
    expect(again.exitCode).toBe(4)
    expect(again.json.error).toMatchObject({code: 'FILE_EXISTS', message: expect.stringContaining('-o')})

    // Packed again a second later: a new archive, a new label beside it (the first stays as it was).
    await new Promise((done) => setTimeout(done, 1100))
    const second = await pack()
    expect(second.exitCode, second.stdout + second.stderr).toBe(0)
    expect(second.json.file).not.toBe(first.json.file)
    const before = readFileSync(firstLabel.json.out)
    const secondLabel = await cli(['archive', 'label', caseId])
    expect(secondLabel.exitCode, secondLabel.stdout + secondLabel.stderr).toBe(0)
    expect(secondLabel.json).toMatchObject({archiveSm3: second.json.sm3, out: join(ws, second.json.file.replace(/\.zip$/, '-光盘标签.pdf'))})
    expect(readFileSync(firstLabel.json.out)).toEqual(before)
  })

  it.skipIf(!hasMkfifo)('refuses a FIFO given as the archive', async () => {
    const pipe = join(makeTempDir('zfjl-archive-fifo-'), 'pipe.zip')
    execFileSync('mkfifo', [pipe])
    const fifo = await cli(['archive', 'verify', pipe])
    expect(fifo.exitCode).toBe(2)
    expect(fifo.json.error.code).toBe('NOT_A_REGULAR_FILE')
  })

  it('aborts with exit 6 naming the file when evidence changed after it was recorded, leaving nothing at --out', async () => {
    const list = await cli(['media', 'list', caseId])
    const wav = (list.json.media as Array<{id: string; file: string}>).find((media) => media.file.endsWith('.wav'))!
    appendFileSync(join(ws, wav.file), Buffer.from([0]))
    const out = join(makeTempDir('zfjl-archive-e-'), 'changed.zip')
    const result = await cli(['archive', 'pack', caseId, '--out', out, '--force', '--reason', '测试', '--officer', '王强'])
    expect(result.exitCode).toBe(6)
    expect(result.json.error.code).toBe('EVIDENCE_CHANGED')
    expect(result.json.error.message).toContain(wav.id)
    expect(existsSync(out)).toBe(false)
    const audit = await cli(['audit', 'log', '--case', caseId])
    expect((audit.json.rows as Array<{action: string}>).map((row) => row.action)).toContain('archive.pack.aborted')
  })
})
