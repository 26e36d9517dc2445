import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {crc32} from 'node:zlib'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {listAudit} from '../../src/platform/db/audit-chain.js'
import {DigestPool} from '../../src/platform/digest/digest-pool.js'
import {importMedia, type ImportResult} from '../../src/media/media-import.js'
import {findMedia, listMedia, listMediaDetails} from '../../src/media/media-store.js'
import {FIXTURES_DIR, MEDIA_FIXTURES} from './fixture-spec.js'
import {buildJpeg, buildPng, buildWav, corruptExif} from './media-builders.js'
import {makeTempDir, workspaceWithCase} from '../helpers/workspace-builder.js'

const pool = new DigestPool(2)
afterAll(() => pool.close())

/** A body-cam card dump: nested folders, every kind, two damaged files, plus the files that must fail. */
const makeCard = () => {
  const card = join(makeTempDir('zfjl-card-'), 'DCIM')
  mkdirSync(join(card, '100MEDIA'), {recursive: true})
  mkdirSync(join(card, '101AUDIO'), {recursive: true})
  const photo = buildJpeg({
    bodySerialNumber: 'SN-77',
    dateTimeOriginal: '2026:03:02 09:31:00',
    height: 48,
    latitude: 26.8917,
    longitude: 112.62,
    make: 'Hikvision',
    model: 'DSJ-A8',
    offsetTimeOriginal: '+08:00',
    width: 64,
  })
  writeFileSync(join(card, '100MEDIA', 'IMG_0001.JPG'), photo)
  writeFileSync(join(card, '100MEDIA', 'IMG_0002.JPG'), photo)
  writeFileSync(join(card, '100MEDIA', 'SCREEN.PNG'), buildPng(40, 30))
  // Name says 09:30:00 like the container: within tolerance.
  copyFileSync(join(FIXTURES_DIR, MEDIA_FIXTURES.mp4.file), join(card, '100MEDIA', 'DSJ-A8_20260302093000_44010020260001.MP4'))
  // Name says 09:50:00 but the container says 09:45:10: flagged.
  copyFileSync(join(FIXTURES_DIR, MEDIA_FIXTURES.mov.file), join(card, '100MEDIA', 'DSJ-A8_20260302095000_44010020260002.MOV'))
  writeFileSync(join(card, '101AUDIO', 'talk.wav'), buildWav({durationSec: 1, origination: {date: '2026-03-02', time: '10:00:00'}, sampleRate: 8000}))
  copyFileSync(join(FIXTURES_DIR, MEDIA_FIXTURES.mp3.file), join(card, '101AUDIO', 'voice.mp3'))
  writeFileSync(join(card, '100MEDIA', 'EMPTY.MP4'), '')
  const whole = readFileSync(join(FIXTURES_DIR, MEDIA_FIXTURES.mp4.file))
  writeFileSync(join(card, '100MEDIA', 'CUT.MP4'), whole.subarray(0, 5000))
  writeFileSync(join(card, '100MEDIA', 'BADEXIF.JPG'), corruptExif(photo))
  const outside = join(makeTempDir('zfjl-outside-'), 'secret.jpg')
  writeFileSync(outside, buildJpeg({height: 8, width: 8}))
  symlinkSync(outside, join(card, '100MEDIA', 'LINK.JPG'))
  writeFileSync(join(card, '.DS_Store'), 'finder clutter')
  return card
}

describe('media import', () => {
  const {caseId, root, ws} = workspaceWithCase()
  let card: string
  let first: ImportResult
  const byName = (name: string) => first.added.find((item) => item.original === name)!

  beforeAll(async () => {
    card = makeCard()
    utimesSync(join(card, '101AUDIO', 'talk.wav'), new Date('2026-03-02T02:05:00Z'), new Date('2026-03-02T02:05:00Z'))
    first = await importMedia(ws, caseId, [card], {pool, step: 'investigation'})
  })
  afterAll(() => ws.close())

  it('adds every file once, with both digests and the kind from the bytes', () => {
    expect(first.added.map((item) => item.original).sort()).toEqual(
      ['BADEXIF.JPG', 'CUT.MP4', 'DSJ-A8_20260302093000_44010020260001.MP4', 'DSJ-A8_20260302095000_44010020260002.MOV', 'IMG_0001.JPG', 'SCREEN.PNG', 'talk.wav', 'voice.mp3'].sort(),
    )
    for (const item of first.added) {
      const stored = readFileSync(join(root, item.file))
      expect(item.size).toBe(stored.length)
      expect(item.sha256).toMatch(/^[\da-f]{64}$/)
      expect(item.sm3).toMatch(/^[\da-f]{64}$/)
      expect(item.steps).toEqual(['investigation'])
      expect(item.step).toBe('investigation')
      expect(item.id).toMatch(new RegExp(`^${caseId}-M\\d{3}$`))
    }

    expect(byName('IMG_0001.JPG')).toMatchObject({capturedAt: '2026-03-02T09:31:00+08:00', kind: 'photo', make: 'Hikvision', serial: 'SN-77', width: 64})
    expect(byName('SCREEN.PNG')).toMatchObject({height: 30, kind: 'photo', width: 40})
    expect(byName('talk.wav')).toMatchObject({capturedAt: '2026-03-02T10:00:00+08:00', durationSec: 1, kind: 'audio'})
    expect(byName('voice.mp3').kind).toBe('audio')
  })

  it('keeps the original name and modification time, and never touches the source', () => {
    const wav = byName('talk.wav')
    expect(wav.file).toBe(`cases/${caseId}/media/talk.wav`)
    expect(statSync(join(root, wav.file)).mtime.toISOString()).toBe('2026-03-02T02:05:00.000Z')
    expect(existsSync(join(card, '101AUDIO', 'talk.wav'))).toBe(true)
  })

  it('fills device and officer from a body-cam name and flags a name time far from the embedded time', () => {
    const near = byName('DSJ-A8_20260302093000_44010020260001.MP4')
    expect(near).toMatchObject({capturedAt: MEDIA_FIXTURES.mp4.capturedAtLocal, device: 'DSJ-A8', nameTimeOffsetSec: 0, officer: '张伟', warnings: []})
    const far = byName('DSJ-A8_20260302095000_44010020260002.MOV')
    expect(far).toMatchObject({device: 'DSJ-A8', nameTime: '2026-03-02T09:50:00+08:00', nameTimeOffsetSec: -290, officer: '李娜'})
    expect(far.warnings.join()).toMatch(/相差 290 秒/)
  })

  it('records identical content once and reports the copy as a duplicate', () => {
    expect(first.duplicates).toEqual([
      expect.objectContaining({existing: byName('IMG_0001.JPG').id, original: 'IMG_0002.JPG', reason: 'same-content'}),
    ])
  })

  it('reports each file it cannot take with a Chinese reason and registers nothing for it', () => {
    const failures = Object.fromEntries(first.failed.map((failure) => [failure.path.split('/').at(-1), failure]))
    expect(Object.keys(failures).sort()).toEqual(['EMPTY.MP4', 'LINK.JPG'])
    expect(failures['EMPTY.MP4'].error).toMatch(/文件为空/)
    expect(failures['LINK.JPG'].error).toMatch(/符号链接指向来源文件夹之外/)
    const stored = readdirSync(ws.casePaths(caseId).media)
    expect(stored).not.toContain('EMPTY.MP4')
    expect(readdirSync(ws.paths.staging)).toEqual([])
  })

  it('keeps a file that cannot be parsed, with the reason on its row, and a sound one with none', () => {
    expect(byName('CUT.MP4')).toMatchObject({durationSec: null, formatProblem: {code: 'unreadable', message: expect.stringContaining('截断')}})
    expect(byName('CUT.MP4').warnings.join()).toMatch(/截断/)
    expect(byName('BADEXIF.JPG').formatProblem).toMatchObject({code: 'unreadable', message: expect.stringContaining('EXIF 数据损坏')})
    expect(byName('IMG_0001.JPG').formatProblem).toBeNull()
  })

  it('stores evidence copies read-only for owner and group only, in folders closed to others', () => {
    for (const item of first.added) expect(statSync(join(root, item.file)).mode & 0o777).toBe(0o440)
    expect(statSync(ws.casePaths(caseId).media).mode & 0o007).toBe(0)
  })

  it('audits every added file and exposes the records to other modules', () => {
    const audited = listAudit(ws.db, {action: 'media.add', caseId})
    expect(audited.map((row) => row.subject).sort()).toEqual(first.added.map((item) => item.id).sort())
    const records = listMedia(ws, caseId)
    expect(records).toHaveLength(8)
    const photo = byName('IMG_0001.JPG')
    expect(findMedia(ws, caseId, photo.id).sha256).toBe(photo.sha256)
    expect(findMedia(ws, caseId, photo.sha256.slice(0, 8)).id).toBe(photo.id)
    expect(findMedia(ws, caseId, 'IMG_0001.JPG').id).toBe(photo.id)
    expect(findMedia(ws, caseId, photo.id.slice(-4)).id).toBe(photo.id)
    expect(() => findMedia(ws, caseId, 'nope.jpg')).toThrow(/没有音像文件/)
  })

  it('records each file\'s CRC-32 from the same read pass, in the row and in the audit chain, for the archive\'s zip headers', () => {
    const rows = ws.db.all<{id: string; file: string; crc32: number}>('SELECT id, file, crc32 FROM media WHERE case_id = ?', caseId)
    expect(rows).toHaveLength(8)
    const audited = new Map(listAudit(ws.db, {action: 'media.add', caseId}).map((row) => [row.subject, row.details as {crc32: number}]))
    for (const row of rows) {
      expect(row.crc32).toBe(crc32(readFileSync(join(ws.root, row.file))) >>> 0)
      expect(audited.get(row.id)?.crc32).toBe(row.crc32)
    }
  })

  it('refuses UPDATE and DELETE on media rows', () => {
    expect(() => ws.db.run('UPDATE media SET sha256 = ? WHERE case_id = ?', '0', caseId)).toThrow(/只增记录/)
    expect(() => ws.db.run('DELETE FROM media')).toThrow(/只增记录/)
  })

  it('skips unchanged sources on a re-run without reading them, and imports a changed one', async () => {
    const again = await importMedia(ws, caseId, [card], {pool})
    expect(again.hashedFiles).toBe(0)
    expect(again.added).toEqual([])
    expect(again.duplicates.filter((item) => item.reason === 'already-imported')).toHaveLength(9)

    // Same name, different content: a distinct stored name, never an overwrite.
    writeFileSync(join(card, '101AUDIO', 'talk.wav'), buildWav({durationSec: 2, sampleRate: 8000}))
    const changed = await importMedia(ws, caseId, [join(card, '101AUDIO', 'talk.wav')], {pool})
    expect(changed.hashedFiles).toBe(1)
    expect(changed.added).toHaveLength(1)
    expect(changed.added[0].file).toBe(`cases/${caseId}/media/talk (2).wav`)
    expect(changed.added[0].durationSec).toBe(2)
    expect(readFileSync(join(root, byName('talk.wav').file)).length).toBe(byName('talk.wav').size)
  })
})

describe('resuming an interrupted import', () => {
  it('finishes the rest without re-hashing what was registered, and drops a killed copy', async () => {
    const {caseId, ws} = workspaceWithCase()
    const source = makeTempDir('zfjl-resume-')
    for (let index = 0; index < 6; index++) writeFileSync(join(source, `clip-${index}.dat`), Buffer.alloc(50_000 + index, index + 1))
    // The first run got through two files before it was killed, mid-copy of a third (staged in
    // .zfjl/staging under the dead process's id).
    await importMedia(ws, caseId, [join(source, 'clip-0.dat'), join(source, 'clip-1.dat')], {pool})
    const mediaDir = ws.casePaths(caseId).media
    writeFileSync(join(ws.paths.staging, '999999-0a1b2c3d-import-2'), Buffer.alloc(1000))

    const rerun = await importMedia(ws, caseId, [source], {pool})
    expect(rerun.hashedFiles).toBe(4)
    expect(rerun.added.map((item) => item.original)).toEqual(['clip-2.dat', 'clip-3.dat', 'clip-4.dat', 'clip-5.dat'])
    expect(rerun.duplicates.map((item) => item.reason)).toEqual(['already-imported', 'already-imported'])
    expect(readdirSync(mediaDir).sort()).toEqual(Array.from({length: 6}, (_, index) => `clip-${index}.dat`))
    expect(readdirSync(ws.paths.staging)).toEqual([])
    expect(listMedia(ws, caseId).map((item) => item.id)).toEqual(Array.from({length: 6}, (_, index) => `${caseId}-M00${index + 1}`))
    ws.close()
  })
})

describe('file names', () => {
  it('never gives two files of a case names that differ only in case (one file on NTFS, exFAT, APFS and in an archive unpacked there)', async () => {
    const {caseId, ws} = workspaceWithCase()
    const card = makeTempDir('zfjl-case-names-')
    for (const [folder, name, bytes] of [['d1', 'IMG_0001.JPG', 1], ['d2', 'img_0001.jpg', 2]] as const) {
      mkdirSync(join(card, folder))
      writeFileSync(join(card, folder, name), Buffer.alloc(1000, bytes))
    }

    const result = await importMedia(ws, caseId, [card], {pool})
    expect(result.added.map((item) => item.file.split('/').at(-1))).toEqual(['IMG_0001.JPG', 'img_0001 (2).jpg'])
    ws.close()
  })

  it('stores names NFC-normalised and keeps the original bytes', async () => {
    const {caseId, ws} = workspaceWithCase()
    const source = makeTempDir('zfjl-names-')
    const decomposed = 'Cafe\u0301-现场.jpg'
    writeFileSync(join(source, decomposed), buildJpeg({height: 8, width: 8}))
    // 现场 in GBK, as a Chinese Windows or recorder would write it: not valid UTF-8.
    const gbkBytes = Buffer.concat([Buffer.from('cfd6b3a1', 'hex'), Buffer.from('.png')])
    writeFileSync(Buffer.concat([Buffer.from(`${source}/`), gbkBytes]), buildPng(4, 4))
    const result = await importMedia(ws, caseId, [source], {pool})
    expect(result.failed).toEqual([])
    const details = listMediaDetails(ws, caseId)
    const cafe = details.find((item) => item.original.startsWith('Caf'))!
    expect(cafe.original).toBe('Café-现场.jpg'.normalize('NFC'))
    expect(cafe.originalRawHex).toBe(Buffer.from(decomposed, 'utf8').toString('hex'))
    const gbk = details.find((item) => item.original.endsWith('.png'))!
    expect(gbk.original).toBe('现场.png')
    expect(gbk.originalRawHex).toBe(gbkBytes.toString('hex'))
    ws.close()
  })

  it.skipIf(process.getuid?.() === 0)('reports a file it may not read (skipped as root, who may read anything)', async () => {
    const {caseId, ws} = workspaceWithCase()
    const source = makeTempDir('zfjl-perm-')
    const locked = join(source, 'locked.wav')
    writeFileSync(locked, buildWav({durationSec: 0.1, sampleRate: 8000}))
    const {chmodSync} = await import('node:fs')
    chmodSync(locked, 0o000)
    const result = await importMedia(ws, caseId, [source], {pool})
    expect(result.failed).toEqual([expect.objectContaining({error: '没有读取权限'})])
    ws.close()
  })
})
