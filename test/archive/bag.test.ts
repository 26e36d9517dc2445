import {execa} from 'execa'
import {createHash, randomBytes} from 'node:crypto'
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {crc32} from 'node:zlib'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {writeBag} from '../../src/archive/bag-writer.js'
import {verifyArchive} from '../../src/archive/verify.js'
import {SM2_USER_ID} from '../../src/platform/signing/algorithms.js'
import {signDetached} from '../../src/platform/signing/detached.js'
import {createSigningKey, readPublicSigningKey} from '../../src/platform/signing/keys.js'
import {makeTempDir} from '../helpers/cli.js'
import {hasTool} from '../helpers/tools.js'
import {makePlainBag, type PlainBag} from './plain-bag.js'
import {flipByte, markEncrypted, readZip, writeZip, type ZipItem} from './zip-edit.js'

const hasOpenssl = hasTool('openssl', ['version'])
const hasUnzip = hasTool('unzip', ['-v'])
const hasJava = hasTool('java', ['-version'])
const hasSha256sum = hasTool('sha256sum', ['--version'])
if (!hasOpenssl) process.stderr.write('openssl 不在 PATH 中：跳过用 openssl 命令行核验案卷签名\n')
if (!hasUnzip) process.stderr.write('unzip 不在 PATH 中：跳过 unzip -t\n')
if (!hasJava) process.stderr.write('java 不在 PATH 中：跳过用 Java ZipInputStream 读取案卷\n')

const digest = (algorithm: 'sha256' | 'sm3', data: Buffer) => createHash(algorithm).update(data).digest('hex')

/** An independent reading of RFC 8493 manifests: `digest<whitespace>path`, percent-decoding %25 %0A %0D. */
const manifestEntries = (text: string): Map<string, string> =>
  new Map(
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [, value, path] = /^(\S+)\s+(.+)$/.exec(line)!
        return [path.replaceAll('%0A', '\n').replaceAll('%0D', '\r').replaceAll('%25', '%'), value]
      }),
  )

const extract = (items: ZipItem[], target: string) => {
  for (const item of items) {
    mkdirSync(dirname(join(target, item.name)), {recursive: true})
    writeFileSync(join(target, item.name), item.data)
  }
}

describe.each(['sm2', 'ed25519'] as const)('signed BagIt archive (%s)', (algorithm) => {
  let bag: PlainBag
  let items: ZipItem[]
  let byName: Map<string, Buffer>

  beforeAll(async () => {
    bag = await makePlainBag(algorithm)
    items = await readZip(bag.out)
    byName = new Map(items.map((item) => [item.name, item.data]))
  })

  it('holds a BagIt 1.0 bag whose every digest an independent implementation recomputes', () => {
    expect(byName.get('bagit.txt')?.toString()).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n')
    const payload = items.filter((item) => item.name.startsWith('data/'))
    expect(payload.map((item) => item.name).sort()).toEqual(
      ['data/metadata/case.json', 'data/卷内目录.docx', ...bag.files.map((file) => `data/${file.bagPath}`)].sort(),
    )
    for (const algorithm of ['sha256', 'sm3'] as const) {
      const manifest = manifestEntries(byName.get(`manifest-${algorithm}.txt`)!.toString())
      expect(manifest.size).toBe(payload.length)
      for (const item of payload) expect(manifest.get(item.name), item.name).toBe(digest(algorithm, item.data))
      const tagManifest = manifestEntries(byName.get(`tagmanifest-${algorithm}.txt`)!.toString())
      for (const tagFile of ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'manifest-sm3.txt']) {
        expect(tagManifest.get(tagFile), tagFile).toBe(digest(algorithm, byName.get(tagFile)!))
      }

      for (const [path, value] of tagManifest) expect(value, path).toBe(digest(algorithm, byName.get(path)!))
    }

    const bytes = payload.reduce((sum, item) => sum + item.data.length, 0)
    const bagInfo = byName.get('bag-info.txt')!.toString()
    expect(bagInfo).toContain(`Payload-Oxum: ${bytes}.${payload.length}\n`)
    expect(bagInfo).toContain('Source-Organization: 珠晖区卫生健康局\n')
    expect(bagInfo).toMatch(/^Bagging-Date: \d{4}-\d{2}-\d{2}$/m)
  })

  it('stores media uncompressed, deflates text, and names entries in UTF-8', async () => {
    expect(items.find((item) => item.name.endsWith('.mp4'))?.deflate).toBe(false)
    expect(items.find((item) => item.name === 'data/metadata/case.json')?.deflate).toBe(true)
    expect(items.some((item) => item.name === 'data/media/2026-0001-M002 询问录音.wav')).toBe(true)
  })

  it.skipIf(!hasUnzip)('is read without errors by unzip -t', async () => {
    expect((await execa('unzip', ['-t', bag.out])).stdout).toContain('No errors detected')
  })

  it.skipIf(!hasOpenssl)('carries a signature over tagmanifest-sha256.txt that the openssl command line accepts', async () => {
    const folder = join(makeTempDir('zfjl-bag-x-'), 'bag')
    extract(items, folder)
    const publicKey = join(folder, 'signature/signer.pub.pem')
    const signature = join(folder, 'signature/tagmanifest-sha256.txt.sig')
    const args =
      algorithm === 'sm2'
        ? ['dgst', '-sm3', '-sigopt', `distid:${SM2_USER_ID}`, '-verify', publicKey, '-signature', signature, join(folder, 'tagmanifest-sha256.txt')]
        : ['pkeyutl', '-verify', '-pubin', '-inkey', publicKey, '-rawin', '-in', join(folder, 'tagmanifest-sha256.txt'), '-sigfile', signature]
    expect((await execa('openssl', args, {reject: false})).exitCode).toBe(0)
    expect(byName.get('signature/signer.fingerprint')!.toString().trim()).toBe(readPublicSigningKey(bag.keys).fingerprint)
  })

  it.skipIf(!hasSha256sum)('passes sha256sum -c on the unzipped bag, as README.txt inside the bag tells a reader to do', async () => {
    const folder = join(makeTempDir('zfjl-bag-x-'), 'bag')
    extract(items, folder)
    expect((await execa('sha256sum', ['-c', 'manifest-sha256.txt'], {cwd: folder})).exitCode).toBe(0)
  })

  it('passes 四性检测 as a zip and as an unzipped folder, with the expected key', async () => {
    const publicKey = readPublicSigningKey(bag.keys).publicKeyPem
    const report = await verifyArchive(bag.out, {expectedPublicKeyPem: publicKey})
    expect(report.findings).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.properties.map((property) => [property.name, property.passed])).toEqual([
      ['真实性', true],
      ['完整性', true],
      ['可用性', true],
      ['安全性', true],
    ])
    expect(report.signature).toMatchObject({algorithm, keySource: 'given', valid: true})
    const folder = join(makeTempDir('zfjl-bag-f-'), 'bag')
    extract(items, folder)
    const folderReport = await verifyArchive(folder, {expectedPublicKeyPem: publicKey})
    expect(folderReport.findings).toEqual([])
  })
})

describe('四性检测 finds every kind of tampering', () => {
  let bag: PlainBag
  let items: ZipItem[]
  let publicKeyPem: string
  const videoPath = 'data/media/2026-0001-M001.mp4'

  beforeAll(async () => {
    bag = await makePlainBag('sm2')
    items = await readZip(bag.out)
    publicKeyPem = readPublicSigningKey(bag.keys).publicKeyPem
  })

  const copy = (name: string) => {
    const target = join(bag.root, name)
    copyFileSync(bag.out, target)
    return target
  }

  const codes = (report: Awaited<ReturnType<typeof verifyArchive>>) => report.findings.map((finding) => `${finding.code} ${finding.path ?? ''}`)

  it('one flipped byte inside a stored media file', async () => {
    const tampered = copy('flipped.zip')
    const video = items.find((item) => item.name === videoPath)!
    flipByte(tampered, video.dataOffset + Math.floor(video.data.length / 2))
    const report = await verifyArchive(tampered, {expectedPublicKeyPem: publicKeyPem})
    expect(report.ok).toBe(false)
    expect(codes(report)).toEqual(expect.arrayContaining([`DIGEST_MISMATCH ${videoPath}`, `RECORDED_DIGEST_MISMATCH ${videoPath}`, `ZIP_CRC_MISMATCH ${videoPath}`]))
    expect(report.properties.find((property) => property.property === 'integrity')?.passed).toBe(false)
    expect(report.properties.find((property) => property.property === 'authenticity')?.passed).toBe(false)
  })

  it('a removed file', async () => {
    const tampered = join(bag.root, 'removed.zip')
    writeZip(tampered, items.filter((item) => item.name !== videoPath))
    const report = await verifyArchive(tampered, {expectedPublicKeyPem: publicKeyPem})
    expect(report.ok).toBe(false)
    expect(codes(report)).toEqual(expect.arrayContaining([`FILE_MISSING ${videoPath}`, 'PAYLOAD_OXUM_MISMATCH bag-info.txt']))
    expect(report.findings.find((finding) => finding.code === 'FILE_MISSING')?.message).toContain(videoPath)
  })

  it('an added file, in the payload and beside the tag files', async () => {
    const tampered = join(bag.root, 'added.zip')
    writeZip(tampered, [...items, {data: Buffer.from('补充材料'), deflate: true, name: 'data/electronic/补充.txt'}, {data: Buffer.from('x'), deflate: true, name: 'notes.txt'}])
    const report = await verifyArchive(tampered, {expectedPublicKeyPem: publicKeyPem})
    expect(report.ok).toBe(false)
    expect(codes(report)).toEqual(expect.arrayContaining(['NOT_IN_MANIFEST data/electronic/补充.txt', 'NOT_IN_MANIFEST notes.txt']))
  })

  it('an edited bag-info.txt, and the same edit with the tag manifests recomputed (then the signature fails)', async () => {
    const edit = (item: ZipItem) =>
      item.name === 'bag-info.txt' ? {...item, data: Buffer.from(item.data.toString().replace('珠晖区卫生健康局', '某某局'))} : item
    const edited = join(bag.root, 'bag-info.zip')
    writeZip(edited, items.map(edit))
    const report = await verifyArchive(edited, {expectedPublicKeyPem: publicKeyPem})
    expect(report.ok).toBe(false)
    expect(codes(report)).toContain('DIGEST_MISMATCH bag-info.txt')

    const recomputed = items.map(edit)
    const byName = new Map(recomputed.map((item) => [item.name, item.data]))
    const tagManifest = (algorithm: 'sha256' | 'sm3') =>
      Buffer.from(
        [...manifestEntries(byName.get(`tagmanifest-${algorithm}.txt`)!.toString()).keys()]
          .map((path) => `${digest(algorithm, byName.get(path)!)}  ${path}\n`)
          .join(''),
      )
    const resealed = join(bag.root, 'resealed.zip')
    writeZip(
      resealed,
      recomputed.map((item) => (item.name.startsWith('tagmanifest-') ? {...item, data: tagManifest(item.name.includes('sm3') ? 'sm3' : 'sha256')} : item)),
    )
    const resealedReport = await verifyArchive(resealed, {expectedPublicKeyPem: publicKeyPem})
    expect(codes(resealedReport)).toEqual(['SIGNATURE_INVALID signature/tagmanifest-sha256.txt.sig'])
  })

  it('a bag re-signed with another key is caught by the expected key, and flagged without one', async () => {
    const otherKeys = {keys: join(makeTempDir('zfjl-other-'), 'keys')}
    createSigningKey(otherKeys, 'sm2')
    const signed = signDetached({paths: otherKeys}, items.find((item) => item.name === 'tagmanifest-sha256.txt')!.data)
    const replaced = new Map<string, Buffer>([
      ['signature/tagmanifest-sha256.txt.sig', signed.signature],
      ['signature/signer.pub.pem', Buffer.from(signed.publicKeyPem)],
      ['signature/signer.fingerprint', Buffer.from(`${signed.fingerprint}\n`)],
    ])
    const resigned = join(bag.root, 'resigned.zip')
    writeZip(resigned, items.map((item) => ({...item, data: replaced.get(item.name) ?? item.data})))
    const report = await verifyArchive(resigned, {expectedPublicKeyPem: publicKeyPem})
    expect(codes(report)).toEqual(expect.arrayContaining(['SIGNER_MISMATCH signature/signer.pub.pem', 'SIGNATURE_INVALID signature/tagmanifest-sha256.txt.sig']))
    const withoutTrust = await verifyArchive(resigned)
    expect(withoutTrust.ok).toBe(false)
    expect(withoutTrust.findings).toEqual([expect.objectContaining({code: 'SIGNER_UNTRUSTED', severity: 'error'})])
    expect(withoutTrust.properties.find((property) => property.property === 'authenticity')?.status).toBe('unverified')
    const trustingOthers = await verifyArchive(resigned, {trustedSigners: [{name: '珠晖区卫生健康局', publicKeyPem, source: 'trusted'}]})
    expect(codes(trustingOthers)).toEqual(['SIGNER_UNTRUSTED signature/signer.pub.pem'])
    const allowed = await verifyArchive(resigned, {allowUntrusted: true})
    expect(allowed.ok).toBe(true)
    expect(allowed.findings).toEqual([expect.objectContaining({code: 'NO_EXPECTED_KEY', message: expect.stringContaining(signed.fingerprint), severity: 'warning'})])
    const trusted = await verifyArchive(resigned, {trustedSigners: [{name: '雁峰区卫生健康局', publicKeyPem: signed.publicKeyPem, source: 'trusted'}]})
    expect(trusted.ok).toBe(true)
    expect(trusted.signature).toMatchObject({keySource: 'trusted', trustedName: '雁峰区卫生健康局', valid: true})
  })

  it('changed evidence with case.json, manifests and tag manifests recomputed and re-signed with a fresh key: 未验证, not passed', async () => {
    const edited = new Map(items.map((item) => [item.name, item.data]))
    const video = Buffer.from(edited.get(videoPath)!)
    video[video.length - 1] ^= 0xff
    edited.set(videoPath, video)
    const metadataPath = 'data/metadata/case.json'
    const metadataJson = JSON.parse(edited.get(metadataPath)!.toString()) as {media: Array<{bagPath: string; sha256: string; sm3: string}>}
    for (const media of metadataJson.media.filter((entry) => entry.bagPath === videoPath)) Object.assign(media, {sha256: digest('sha256', video), sm3: digest('sm3', video)})
    edited.set(metadataPath, Buffer.from(`${JSON.stringify(metadataJson, null, 2)}\n`))
    const payload = items.filter((item) => item.name.startsWith('data/'))
    const oxum = `${payload.reduce((sum, item) => sum + edited.get(item.name)!.length, 0)}.${payload.length}`
    edited.set('bag-info.txt', Buffer.from(edited.get('bag-info.txt')!.toString().replace(/^Payload-Oxum: .*$/m, `Payload-Oxum: ${oxum}`)))
    const rewrite = (manifest: string, algorithm: 'sha256' | 'sm3') =>
      Buffer.from([...manifestEntries(edited.get(manifest)!.toString()).keys()].map((path) => `${digest(algorithm, edited.get(path)!)}  ${path}\n`).join(''))
    for (const algorithm of ['sha256', 'sm3'] as const) edited.set(`manifest-${algorithm}.txt`, rewrite(`manifest-${algorithm}.txt`, algorithm))
    for (const algorithm of ['sha256', 'sm3'] as const) edited.set(`tagmanifest-${algorithm}.txt`, rewrite(`tagmanifest-${algorithm}.txt`, algorithm))
    const forgerKeys = {keys: join(makeTempDir('zfjl-forger-'), 'keys')}
    createSigningKey(forgerKeys, 'sm2')
    const signed = signDetached({paths: forgerKeys}, edited.get('tagmanifest-sha256.txt')!)
    edited.set('signature/tagmanifest-sha256.txt.sig', signed.signature)
    edited.set('signature/signer.pub.pem', Buffer.from(signed.publicKeyPem))
    edited.set('signature/signer.fingerprint', Buffer.from(`${signed.fingerprint}\n`))
    const forged = join(bag.root, 'forged.zip')
    writeZip(forged, items.map((item) => ({...item, data: edited.get(item.name)!})))

    const outside = await verifyArchive(forged)
    expect(codes(outside)).toEqual(['SIGNER_UNTRUSTED signature/signer.pub.pem'])
    expect(outside.ok).toBe(false)
    const inWorkspace = await verifyArchive(forged, {trustedSigners: [{name: '珠晖区卫生健康局', publicKeyPem, source: 'workspace'}]})
    expect(inWorkspace.ok).toBe(false)
    expect(inWorkspace.findings[0].message).toContain('不是本工作区的密钥')
    expect((await verifyArchive(forged, {expectedPublicKeyPem: publicKeyPem})).ok).toBe(false)
  })

  it('unsafe paths, executables, duplicate names after NFC, and a media file that is not what its name says', async () => {
    const tampered = join(bag.root, 'unsafe.zip')
    writeZip(tampered, [
      ...items,
      {data: Buffer.from('x'), deflate: true, name: '../evil.txt'},
      {data: Buffer.from('x'), deflate: true, name: '/etc/cron.d/evil'},
      {data: Buffer.from('MZ\x90\x00'), deflate: false, name: 'data/electronic/setup.exe'},
      {data: Buffer.from('#!/bin/sh\nrm -rf /\n'), deflate: true, name: 'data/electronic/run.txt'},
      {data: Buffer.from('a'), deflate: true, name: 'data/electronic/cafe\u0301.txt'},
      {data: Buffer.from('b'), deflate: true, name: 'data/electronic/caf\u00e9.txt'},
      {data: Buffer.from('not a video at all'), deflate: false, name: 'data/media/fake.mp4'},
    ])
    const report = await verifyArchive(tampered, {expectedPublicKeyPem: publicKeyPem})
    expect(codes(report)).toEqual(
      expect.arrayContaining([
        'UNSAFE_PATH ../evil.txt',
        'UNSAFE_PATH /etc/cron.d/evil',
        'EXECUTABLE data/electronic/setup.exe',
        'EXECUTABLE data/electronic/run.txt',
        'DUPLICATE_NAME data/electronic/café.txt',
        'HEADER_INVALID data/media/fake.mp4',
      ]),
    )
    expect(report.properties.find((property) => property.property === 'security')?.passed).toBe(false)
    expect(report.properties.find((property) => property.property === 'usability')?.passed).toBe(false)
  })

  it('an encrypted entry', async () => {
    const tampered = copy('encrypted.zip')
    markEncrypted(tampered, 'data/metadata/case.json')
    const report = await verifyArchive(tampered, {expectedPublicKeyPem: publicKeyPem})
    expect(codes(report)).toEqual(expect.arrayContaining(['ENCRYPTED data/metadata/case.json']))
    expect(report.properties.find((property) => property.property === 'security')?.passed).toBe(false)
  })

  it('a symlink and a broken Word document in an unzipped bag', async () => {
    const folder = join(makeTempDir('zfjl-bag-s-'), 'bag')
    extract(items, folder)
    symlinkSync('/etc/passwd', join(folder, 'data/media/link.mp4'))
    writeFileSync(join(folder, 'data/卷内目录.docx'), Buffer.from('PK\x03\x04 not really a zip'))
    writeFileSync(join(folder, 'data/metadata/case.json'), JSON.stringify({schema: 'zfjl-case-archive/1'}))
    const report = await verifyArchive(folder, {expectedPublicKeyPem: publicKeyPem})
    expect(codes(report)).toEqual(
      expect.arrayContaining(['SYMLINK data/media/link.mp4', 'DOCX_UNREADABLE data/卷内目录.docx', 'DIGEST_MISMATCH data/卷内目录.docx', 'CASE_METADATA_UNREADABLE data/metadata/case.json']),
    )
  })

  it('a recorded step without its 文书 (an error), unless packing knew of it and was forced with a reason (a warning)', async () => {
    const byName = new Map(items.map((item) => [item.name, item.data]))
    const withEvents = (forced: boolean) => {
      const metadata = JSON.parse(byName.get('data/metadata/case.json')!.toString())
      metadata.events = [{actor: '张伟', at: '2026-03-03', caseId: '2026-0001', event: 'prior-notice-served', id: 7, note: null, reason: null, recordedAt: '2026-03-03T10:00:00+08:00', source: 'manual', supersedes: null}]
      metadata.effectiveEventIds = [7]
      if (forced) {
        metadata.forced = {reason: '当事人下落不明'}
        metadata.checkFindings = [{code: 'step-document', kind: 'document', message: '已记录…', severity: 'error', subject: 'prior-notice-served'}]
      }

      const folder = join(makeTempDir('zfjl-bag-r-'), 'bag')
      extract(items.map((item) => (item.name === 'data/metadata/case.json' ? {...item, data: Buffer.from(JSON.stringify(metadata))} : item)), folder)
      return folder
    }

    const unexplained = await verifyArchive(withEvents(false), {expectedPublicKeyPem: publicKeyPem})
    const missing = unexplained.findings.find((finding) => finding.code === 'REQUIRED_DOCUMENT_MISSING')
    expect(missing).toMatchObject({property: 'integrity', severity: 'error'})
    expect(missing?.message).toContain('行政处罚事先告知书')
    const explained = await verifyArchive(withEvents(true), {expectedPublicKeyPem: publicKeyPem})
    expect(explained.findings.find((finding) => finding.code === 'REQUIRED_DOCUMENT_MISSING')).toMatchObject({severity: 'warning'})
  })

  // 12.5 s recorded from the same reader: a quarter of a second, once inside a one-second tolerance, is a change too.
  it.each([60, 12.75])('a recorded duration (%s s) that the media header contradicts', async (recorded) => {
    const byName = new Map(items.map((item) => [item.name, item.data]))
    const metadata = JSON.parse(byName.get('data/metadata/case.json')!.toString())
    expect(metadata.media[0].durationSec).toBe(12.5)
    metadata.media[0].durationSec = recorded
    const folder = join(makeTempDir('zfjl-bag-d-'), 'bag')
    extract(items.map((item) => (item.name === 'data/metadata/case.json' ? {...item, data: Buffer.from(JSON.stringify(metadata))} : item)), folder)
    const report = await verifyArchive(folder, {expectedPublicKeyPem: publicKeyPem})
    expect(codes(report)).toEqual(expect.arrayContaining([`DURATION_MISMATCH ${videoPath}`, 'DIGEST_MISMATCH data/metadata/case.json']))
  })
})

describe('packing writes the zip as one stream', () => {
  let root: string
  let out: string
  // The payloads are about 75 MB: not left behind in the temp folder.
  afterAll(() => rmSync(root, {force: true, recursive: true}))

  it('records the digests of the file it wrote, whether or not each payload came with its CRC-32', async () => {
    root = makeTempDir('zfjl-bag-s-')
    const keys = {keys: join(root, 'keys')}
    createSigningKey(keys, 'sm2')
    // Recorded CRC (read once, streamed); small without one (read into memory); large without one (CRC
    // read first). 70 MiB also runs the 48 MiB block ring round more than once.
    const contents = {'legacy.mp4': randomBytes(70 * 1024 * 1024 + 3), 'recorded.mp4': randomBytes(5 * 1024 * 1024 + 1), 'small.wav': randomBytes(1000)}
    for (const [name, bytes] of Object.entries(contents)) writeFileSync(join(root, name), bytes)
    const recorded = contents['recorded.mp4']
    out = join(root, 'out.zip')
    const result = await writeBag({
      bagInfo: [],
      files: [
        {bagPath: 'media/recorded.mp4', crc32: crc32(recorded) >>> 0, expected: {sha256: digest('sha256', recorded), sm3: digest('sm3', recorded), size: recorded.length}, label: 'recorded', source: join(root, 'recorded.mp4')},
        {bagPath: 'media/small.wav', label: 'small', source: join(root, 'small.wav')},
        {bagPath: 'media/legacy.mp4', crc32: null, label: 'legacy', source: join(root, 'legacy.mp4')},
      ],
      generated: [{bagPath: 'metadata/case.json', content: Buffer.from('{}\n'), deflate: true}],
      out,
      signer: {algorithm: 'sm2', sign: (bytes) => signDetached({paths: keys}, bytes)},
    })
    const written = readFileSync(out)
    expect({sha256: result.sha256, size: result.size, sm3: result.sm3}).toEqual({sha256: digest('sha256', written), size: written.length, sm3: digest('sm3', written)})
    const entries = new Map((await readZip(out)).map((item) => [item.name, item.data]))
    for (const [name, bytes] of Object.entries(contents)) expect(entries.get(`data/media/${name}`)?.equals(bytes)).toBe(true)
    const manifest = manifestEntries(entries.get('manifest-sm3.txt')!.toString('utf8'))
    for (const [name, bytes] of Object.entries(contents)) expect(manifest.get(`data/media/${name}`)).toBe(digest('sm3', bytes))
  })

  it.skipIf(!hasUnzip)('writes a zip that unzip -t reads without errors', async () => {
    expect((await execa('unzip', ['-tq', out])).stdout).toMatch(/No errors detected/)
  })
})

describe('the archive in other readers', () => {
  it.runIf(hasJava)('reads front to back with Java\'s ZipInputStream, every entry intact', async () => {
    const bag = await makePlainBag('sm2')
    const checker = join(import.meta.dirname, 'zip-input-stream-check.java')
    const {stdout} = await execa('java', [checker, bag.out])
    const read = new Map(stdout.trim().split('\n').map((line) => [line.slice(65), line.slice(0, 64)]))
    const items = await readZip(bag.out)
    expect(read.size).toBe(items.length)
    for (const item of items) expect(read.get(item.name)).toBe(digest('sha256', item.data))
  }, 60_000)
})

describe('packing aborts on evidence that changed since it was recorded', () => {
  it('names the file, exits as an integrity failure and leaves nothing behind', async () => {
    const root = makeTempDir('zfjl-bag-e-')
    const keys = {keys: join(root, 'keys')}
    createSigningKey(keys, 'sm2')
    const source = join(root, 'M001.mp4')
    writeFileSync(source, Buffer.alloc(50_000, 7))
    const out = join(root, 'out.zip')
    const attempt = writeBag({
      bagInfo: [],
      files: [{bagPath: 'media/M001.mp4', expected: {sha256: digest('sha256', Buffer.alloc(50_000, 8))}, label: '音像 2026-0001-M001', source}],
      generated: [],
      out,
      signer: {algorithm: 'sm2', sign: (bytes) => signDetached({paths: keys}, bytes)},
    })
    await expect(attempt).rejects.toMatchObject({code: 'EVIDENCE_CHANGED', kind: 'integrity', message: expect.stringContaining('音像 2026-0001-M001')})
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([])
    const lost = writeBag({
      bagInfo: [],
      files: [{bagPath: 'media/M002.mp4', label: '音像 2026-0001-M002', source: join(root, 'M002.mp4')}],
      generated: [],
      out,
      signer: {algorithm: 'sm2', sign: (bytes) => signDetached({paths: keys}, bytes)},
    })
    await expect(lost).rejects.toMatchObject({code: 'EVIDENCE_MISSING', kind: 'integrity', message: expect.stringContaining('音像 2026-0001-M002')})
    expect(existsSync(out)).toBe(false)
    rmSync(root, {force: true, recursive: true})
  })

  it('never replaces an existing file at --out', async () => {
    const root = makeTempDir('zfjl-bag-o-')
    const keys = {keys: join(root, 'keys')}
    createSigningKey(keys, 'ed25519')
    const out = join(root, 'out.zip')
    writeFileSync(out, 'an earlier archive')
    const attempt = writeBag({bagInfo: [], files: [], generated: [], out, signer: {algorithm: 'ed25519', sign: (bytes) => signDetached({paths: keys}, bytes)}})
    await expect(attempt).rejects.toMatchObject({code: 'ARCHIVE_EXISTS', kind: 'conflict'})
    expect(readFileSync(out, 'utf8')).toBe('an earlier archive')
  })
})
