import {execFileSync} from 'node:child_process'
import {mkdirSync, symlinkSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {verifyExport} from '../../src/access/verify-export.js'
import {labelForArchive} from '../../src/archive/label-source.js'
import {verifyArchive} from '../../src/archive/verify.js'
import {readPublicSigningKey} from '../../src/platform/signing/keys.js'
import {makeTempDir} from '../helpers/cli.js'
import {makePlainBag, type PlainBag} from './plain-bag.js'
import {readZip, setDeclaredSize, writeOverlappingZip, writeZip, type ZipItem} from './zip-edit.js'

const hasMkfifo = (() => {
  try {
    execFileSync('mkfifo', ['--version'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
})()

/** 64 MiB of one byte: deflates to some 64 KB, so each bomb below is small on disk. */
const INFLATED = Buffer.alloc(64 * 1024 * 1024, 0x41)

/** `items` with `name` replaced by INFLATED, written to a new zip that declares `name` as its original size. */
const withBomb = (items: ZipItem[], name: string, out: string): string => {
  const original = items.find((item) => item.name === name)!
  writeZip(
    out,
    items.map((item) => (item.name === name ? {...item, data: INFLATED, deflate: true} : item)),
  )
  setDeclaredSize(out, name, original.data.length)
  return out
}

describe('zip bombs and paths that are not files', () => {
  let bag: PlainBag
  let items: ZipItem[]
  let publicKeyPem: string
  let dir: string

  beforeAll(async () => {
    bag = await makePlainBag('sm2')
    items = await readZip(bag.out)
    publicKeyPem = readPublicSigningKey(bag.keys).publicKeyPem
    dir = makeTempDir('zfjl-bomb-')
  })

  it('stops reading a tag file at its declared size, and refuses one declared beyond the tag-file limit', async () => {
    const lying = withBomb(items, 'bag-info.txt', join(dir, 'lying.zip'))
    const report = await verifyArchive(lying, {expectedPublicKeyPem: publicKeyPem})
    expect(report.ok).toBe(false)
    expect(report.findings).toContainEqual(expect.objectContaining({code: 'ZIP_ENTRY_OVERSIZED', path: 'bag-info.txt', property: 'security'}))
    expect(report.findings.find((finding) => finding.code === 'ZIP_ENTRY_OVERSIZED')?.message).toMatch(/^zip 容器/)

    const honest = join(dir, 'honest.zip')
    writeZip(honest, items.map((item) => (item.name === 'bag-info.txt' ? {...item, data: INFLATED, deflate: true} : item)))
    const refused = await verifyArchive(honest, {expectedPublicKeyPem: publicKeyPem})
    expect(refused.findings).toContainEqual(expect.objectContaining({code: 'ZIP_ENTRY_OVERSIZED', path: 'bag-info.txt'}))
  })

  it('refuses entries whose bytes overlap, reading none of them', async () => {
    const overlapping = join(dir, 'overlap.zip')
    writeOverlappingZip(overlapping, Array.from({length: 16}, (_, index) => `data/documents/D${index}.docx`), INFLATED)
    const report = await verifyArchive(overlapping, {expectedPublicKeyPem: publicKeyPem})
    expect(report.ok).toBe(false)
    expect(report.findings).toContainEqual(expect.objectContaining({code: 'ZIP_ENTRIES_OVERLAP', property: 'security'}))
    expect(report.findings.find((finding) => finding.code === 'ZIP_ENTRIES_OVERLAP')?.message).toContain('16 个条目')
  })

  it('gives copy verify the same limits: a manifest inflating past its size and overlapping entries are container problems', async () => {
    const manifestBomb = join(dir, 'export-bomb.zip')
    writeZip(manifestBomb, [
      {data: INFLATED, deflate: true, name: 'manifest.json'},
      {data: Buffer.from('sig'), deflate: false, name: 'manifest.sig'},
    ])
    setDeclaredSize(manifestBomb, 'manifest.json', 100)
    const result = await verifyExport(manifestBomb)
    expect(result.ok).toBe(false)
    expect(result.problems).toContainEqual(expect.objectContaining({kind: 'container', message: expect.stringMatching(/^zip 容器：manifest\.json 实际解压超过/)}))

    const overlapping = join(dir, 'export-overlap.zip')
    writeOverlappingZip(overlapping, Array.from({length: 16}, (_, index) => `media/M${index}.mp4`), INFLATED)
    const overlapResult = await verifyExport(overlapping)
    expect(overlapResult.problems).toContainEqual(expect.objectContaining({kind: 'container', message: expect.stringContaining('相互重叠')}))
  })

  it('makes archive label refuse a bomb with exit-1 findings naming the container problem', async () => {
    const lying = withBomb(items, 'data/metadata/case.json', join(dir, 'label-bomb.zip'))
    const refusedFor = (code: string) => ({code: 'ARCHIVE_VERIFY_FAILED', details: expect.objectContaining({findings: expect.arrayContaining([expect.objectContaining({code})])}), kind: 'findings'})
    await expect(labelForArchive(lying, {})).rejects.toMatchObject(refusedFor('ZIP_ENTRY_OVERSIZED'))
    const overlapping = join(dir, 'label-overlap.zip')
    writeOverlappingZip(overlapping, ['data/metadata/case.json', 'signature/signer.fingerprint'], INFLATED)
    await expect(labelForArchive(overlapping, {})).rejects.toMatchObject(refusedFor('ZIP_ENTRIES_OVERLAP'))
  })

  it.skipIf(!hasMkfifo)('refuses a FIFO instead of blocking on it, for archive verify, copy verify and label', async () => {
    const fifo = join(dir, 'archive.zip.fifo')
    execFileSync('mkfifo', [fifo])
    for (const attempt of [() => verifyArchive(fifo), () => verifyExport(fifo), () => labelForArchive(fifo, {})]) {
      await expect(attempt()).rejects.toMatchObject({code: 'NOT_A_REGULAR_FILE', kind: 'usage', message: expect.stringContaining('命名管道')})
    }
  })

  it('refuses a symlink (to an unzipped bag or to a zip) rather than opening what it points at', async () => {
    const folder = join(dir, 'unzipped')
    mkdirSync(folder)
    symlinkSync(folder, join(dir, 'link-to-folder'))
    symlinkSync(bag.out, join(dir, 'link-to-zip'))
    for (const link of ['link-to-folder', 'link-to-zip']) {
      await expect(verifyArchive(join(dir, link))).rejects.toMatchObject({code: 'NOT_A_REGULAR_FILE', message: expect.stringContaining('符号链接')})
    }
  })
})
