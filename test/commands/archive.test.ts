import {execa} from 'execa'
import {createHash} from 'node:crypto'
import {appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {buildMp4, buildWav} from '../archive/bag-fixtures.js'
import {checkBagIndependently} from '../archive/independent-bag-check.js'
import {flipByte, readZip, writeZip, type ZipItem} from '../archive/zip-edit.js'
import {makeCase, makeTempDir, makeWorkspace, PROJECT_ROOT, runCli} from '../helpers/cli.js'
import {hasTool} from '../helpers/tools.js'

const hasOpenssl = hasTool('openssl', ['version'])
const hasUnzip = hasTool('unzip', ['-v'])
if (!hasOpenssl) process.stderr.write('openssl 不在 PATH 中：跳过用 openssl 命令行核验案卷签名\n')
if (!hasUnzip) process.stderr.write('unzip 不在 PATH 中：改用 yauzl 解压案卷\n')

const DATA = join(PROJECT_ROOT, 'examples', 'documents', 'data')

/** A workspace with a signing key (made by init, or by `key create` where init does not make one yet). */
const workspaceWithKey = async (): Promise<string> => {
  const ws = await makeWorkspace()
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

    const result = await cli(['archive', 'pack', caseId, '--out', zip, '--force', '--reason', '当事人下落不明，先行归档'])
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
    expect(row?.details).toMatchObject({forcedReason: '当事人下落不明，先行归档', sha256: packed.sha256, signerFingerprint: packed.signerFingerprint, sm3: packed.sm3})
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
  })

  it('makes the disc label from the case (newest archive) as PDF and from the zip as SVG, both with the archive SM3', async () => {
    const folder = makeTempDir('zfjl-archive-l-')
    const fromCase = await cli(['archive', 'label', caseId, '--out', join(folder, 'label.pdf')])
    expect(fromCase.exitCode, fromCase.stdout + fromCase.stderr).toBe(0)
    expect(fromCase.json).toMatchObject({archiveSm3: packed.sm3, caseId, format: 'pdf', signerFingerprint: packed.signerFingerprint})
    expect(readFileSync(join(folder, 'label.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
    const fromZip = await runCli(['archive', 'label', zip, '--out', join(folder, 'label.svg'), '--json'], {cwd: folder})
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

  it('aborts with exit 6 naming the file when evidence changed after it was recorded, leaving nothing at --out', async () => {
    const list = await cli(['media', 'list', caseId])
    const wav = (list.json.media as Array<{id: string; file: string}>).find((media) => media.file.endsWith('.wav'))!
    appendFileSync(join(ws, wav.file), Buffer.from([0]))
    const out = join(makeTempDir('zfjl-archive-e-'), 'changed.zip')
    const result = await cli(['archive', 'pack', caseId, '--out', out, '--force', '--reason', '测试'])
    expect(result.exitCode).toBe(6)
    expect(result.json.error.code).toBe('EVIDENCE_CHANGED')
    expect(result.json.error.message).toContain(wav.id)
    expect(existsSync(out)).toBe(false)
    const audit = await cli(['audit', 'log', '--case', caseId])
    expect((audit.json.rows as Array<{action: string}>).map((row) => row.action)).toContain('archive.pack.aborted')
  })
})
