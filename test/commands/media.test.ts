import {execa} from 'execa'
import {chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {makeCase, makeTempDir, makeWorkspace, runCli} from '../helpers/cli.js'
import {MEDIA_FIXTURES} from '../media/fixture-spec.js'
import {buildJpeg, buildWav} from '../media/media-builders.js'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'media')

/** A card dump with a photo (EXIF + GPS), an MP4 and a MOV from the fixtures, a WAV, and one truncated MP4. */
const makeCard = (): string => {
  const card = makeTempDir('zfjl-card-')
  writeFileSync(
    join(card, 'IMG_0001.JPG'),
    buildJpeg({dateTimeOriginal: '2026:03:02 09:31:00', height: 48, latitude: 26.8917, longitude: 112.62, make: 'Hikvision', model: 'DSJ-A8', width: 64}),
  )
  copyFileSync(join(FIXTURES, MEDIA_FIXTURES.mp4.file), join(card, 'DSJ-A8_20260302093000_012345.MP4'))
  copyFileSync(join(FIXTURES, MEDIA_FIXTURES.mov.file), join(card, 'interview.mov'))
  writeFileSync(join(card, 'talk.wav'), buildWav({durationSec: 1, sampleRate: 8000}))
  return card
}

describe('zfjl media add / list / show / link', () => {
  let workspace: string
  let caseId: string
  let card: string
  beforeAll(async () => {
    workspace = await makeWorkspace()
    caseId = await makeCase(workspace)
    card = makeCard()
  })

  it('adds a folder and reports every item field as JSON', async () => {
    const result = await runCli(['media', 'add', caseId, card, '--step', 'investigation', '--workspace', workspace, '--json'])
    expect(result.exitCode).toBe(0)
    expect(result.json.failed).toEqual([])
    expect(result.json.duplicates).toEqual([])
    expect(result.json.added).toHaveLength(4)
    const fields = ['id', 'file', 'original', 'size', 'sha256', 'sm3', 'kind', 'capturedAt', 'captureSource', 'durationSec', 'width', 'height', 'gps', 'make', 'model', 'serial', 'device', 'officer', 'step']
    for (const item of result.json.added) for (const field of fields) expect(item).toHaveProperty(field)
    const video = result.json.added.find((item: {original: string}) => item.original.endsWith('.MP4'))
    expect(video).toMatchObject({
      capturedAt: MEDIA_FIXTURES.mp4.capturedAtLocal,
      device: 'DSJ-A8',
      durationSec: MEDIA_FIXTURES.mp4.durationSec,
      height: MEDIA_FIXTURES.mp4.height,
      kind: 'video',
      officer: '012345',
      step: 'investigation',
      width: MEDIA_FIXTURES.mp4.width,
    })
    const stored = readFileSync(join(workspace, video.file))
    const {stdout} = await execa('openssl', ['dgst', '-sm3', '-r', join(workspace, video.file)])
    expect(stdout.split(' ')[0]).toBe(video.sm3)
    expect(stored.length).toBe(video.size)
  })

  it('lists and shows the registered files', async () => {
    const list = await runCli(['media', 'list', caseId, '--workspace', workspace, '--json'])
    expect(list.exitCode).toBe(0)
    expect(list.json.media.map((item: {original: string}) => item.original).sort()).toEqual(
      ['DSJ-A8_20260302093000_012345.MP4', 'IMG_0001.JPG', 'interview.mov', 'talk.wav'],
    )
    const photo = list.json.media.find((item: {original: string}) => item.original === 'IMG_0001.JPG')
    const show = await runCli(['media', 'show', caseId, photo.sha256.slice(0, 10), '--workspace', workspace, '--json'])
    expect(show.exitCode).toBe(0)
    expect(show.json).toMatchObject({capturedAt: '2026-03-02T09:31:00+08:00', id: photo.id, kind: 'photo', make: 'Hikvision', width: 64})
    const human = await runCli(['media', 'show', caseId, photo.id, '--workspace', workspace])
    expect(human.stdout).toContain(photo.sm3)
    const missing = await runCli(['media', 'show', caseId, 'nothing.jpg', '--workspace', workspace, '--json'])
    expect(missing.exitCode).toBe(3)
    expect(missing.json.error.code).toBe('MEDIA_NOT_FOUND')
  })

  it('links files to a step and refuses an unknown step', async () => {
    const linked = await runCli(['media', 'link', caseId, 'talk.wav', 'interview.mov', '--step', 'inquiry', '--workspace', workspace, '--json'])
    expect(linked.exitCode).toBe(0)
    expect(linked.json.linked).toHaveLength(2)
    const show = await runCli(['media', 'show', caseId, 'talk.wav', '--workspace', workspace, '--json'])
    expect(show.json.steps).toEqual(['investigation', 'inquiry'])
    const unknown = await runCli(['media', 'link', caseId, 'talk.wav', '--step', 'tea-break', '--workspace', workspace, '--json'])
    expect(unknown.exitCode).toBe(2)
    expect(unknown.json.error.code).toBe('EVENT_UNKNOWN')
  })

  it('records duplicates, skips unchanged sources on a re-run, and exits 1 when a file fails', async () => {
    const more = makeTempDir('zfjl-more-')
    copyFileSync(join(card, 'talk.wav'), join(more, 'same-as-talk.wav'))
    writeFileSync(join(more, 'EMPTY.MP4'), '')
    const result = await runCli(['media', 'add', caseId, card, more, '--workspace', workspace, '--json'])
    expect(result.exitCode).toBe(1)
    expect(result.json.added).toEqual([])
    expect(result.json.hashedFiles).toBe(1)
    expect(result.json.duplicates.map((item: {reason: string}) => item.reason).sort()).toEqual([
      'already-imported',
      'already-imported',
      'already-imported',
      'already-imported',
      'same-content',
    ])
    expect(result.json.failed).toEqual([expect.objectContaining({error: expect.stringContaining('文件为空'), path: join(more, 'EMPTY.MP4')})])
    const human = await runCli(['media', 'add', caseId, join(more, 'EMPTY.MP4'), '--workspace', workspace])
    expect(human.exitCode).toBe(1)
    expect(human.stdout).toContain('失败')
  })
})

describe('zfjl media add --move', () => {
  it('removes each source only once its content is registered, and keeps the ones that failed', async () => {
    const workspace = await makeWorkspace()
    const caseId = await makeCase(workspace)
    const card = makeTempDir('zfjl-move-')
    // Sources are taken in name order: the second WAV is the same content as the first.
    writeFileSync(join(card, 'a-talk.wav'), buildWav({durationSec: 0.5, sampleRate: 8000}))
    writeFileSync(join(card, 'IMG_0001.JPG'), buildJpeg({height: 8, width: 8}))
    writeFileSync(join(card, 'b-same-as-talk.wav'), buildWav({durationSec: 0.5, sampleRate: 8000}))
    writeFileSync(join(card, 'EMPTY.MP4'), '')
    const result = await runCli(['media', 'add', caseId, card, '--move', '--workspace', workspace, '--json'])
    expect(result.exitCode).toBe(1)
    expect(result.json.added.map((item: {original: string}) => item.original).sort()).toEqual(['IMG_0001.JPG', 'a-talk.wav'])
    expect(result.json.duplicates).toEqual([expect.objectContaining({original: 'b-same-as-talk.wav', reason: 'same-content'})])
    // The failed file stays where it was; everything registered (or already held) is gone from the card.
    expect(readdirSync(card)).toEqual(['EMPTY.MP4'])
    const verify = await runCli(['media', 'verify', caseId, '--workspace', workspace, '--json'])
    expect(verify.exitCode).toBe(0)
    expect(verify.json.counts).toMatchObject({ok: 2})
  })
})

describe('zfjl media verify', () => {
  it('reports a changed byte, a deletion, a rename and an unregistered file, each with the integrity exit code 6', {timeout: 180_000}, async () => {
    const workspace = await makeWorkspace()
    const caseId = await makeCase(workspace)
    const source = makeTempDir('zfjl-fixity-')
    for (let index = 1; index <= 5; index++) writeFileSync(join(source, `f${index}.wav`), buildWav({durationSec: index / 10, sampleRate: 8000}))
    const added = await runCli(['media', 'add', caseId, source, '--workspace', workspace, '--json'])
    expect(added.exitCode).toBe(0)
    const clean = await runCli(['media', 'verify', caseId, '--workspace', workspace, '--json'])
    expect(clean.exitCode).toBe(0)
    expect(clean.json.counts).toEqual({changed: 0, missing: 0, moved: 0, ok: 5, unregistered: 0})

    const mediaDir = join(workspace, 'cases', caseId, 'media')
    const statusOf = async (args: string[]) => {
      const result = await runCli(['media', 'verify', ...args, '--workspace', workspace, '--json'])
      return {exitCode: result.exitCode, json: result.json, status: Object.fromEntries(result.json.entries.map((entry: {file: string; status: string}) => [entry.file, entry.status]))}
    }

    const path = (name: string) => `cases/${caseId}/media/${name}`
    chmodSync(join(mediaDir, 'f1.wav'), 0o644)
    const bytes = readFileSync(join(mediaDir, 'f1.wav'))
    bytes[100] ^= 0x01
    writeFileSync(join(mediaDir, 'f1.wav'), bytes)
    let run = await statusOf([caseId])
    expect(run.exitCode).toBe(6)
    expect(run.status[path('f1.wav')]).toBe('changed')

    rmSync(join(mediaDir, 'f2.wav'), {force: true})
    run = await statusOf([caseId])
    expect(run.status[path('f2.wav')]).toBe('missing')

    renameSync(join(mediaDir, 'f3.wav'), join(mediaDir, 'f3-renamed.wav'))
    run = await statusOf([caseId])
    expect(run.status[path('f3.wav')]).toBe('moved')
    expect(run.json.entries.find((entry: {file: string}) => entry.file === path('f3.wav')).movedTo).toBe(path('f3-renamed.wav'))

    writeFileSync(join(mediaDir, 'stranger.jpg'), buildJpeg({height: 8, width: 8}))
    run = await statusOf(['--all'])
    expect(run.exitCode).toBe(6)
    expect(run.json.counts).toEqual({changed: 1, missing: 1, moved: 1, ok: 2, unregistered: 1})
    expect(run.status[path('stranger.jpg')]).toBe('unregistered')

    const fast = await statusOf([caseId, '--fast'])
    expect(fast.exitCode).toBe(6)
    expect(fast.json.mode).toBe('fast')
    expect(fast.status[path('f4.wav')]).toBe('ok')

    const human = await runCli(['media', 'verify', caseId, '--workspace', workspace])
    expect(human.exitCode).toBe(6)
    expect(human.stdout).toMatch(/已改变 1，缺失 1，被移动 1，未登记 1/)

    const audit = await runCli(['audit', 'log', '--workspace', workspace, '--json'])
    const verifyRows = JSON.stringify(audit.json).match(/media\.verify/g) ?? []
    expect(verifyRows.length).toBeGreaterThanOrEqual(7)
  })

  it('needs a case or --all (exit 2)', async () => {
    const workspace = await makeWorkspace()
    const result = await runCli(['media', 'verify', '--workspace', workspace, '--json'])
    expect(result.exitCode).toBe(2)
  })
})

describe('zfjl media handover', () => {
  it('hands pending files to a custodian with their digests and refuses changed files (exit 6)', {timeout: 180_000}, async () => {
    const workspace = await makeWorkspace()
    const caseId = await makeCase(workspace)
    const card = makeCard()
    expect((await runCli(['media', 'add', caseId, card, '--workspace', workspace, '--json'])).exitCode).toBe(0)
    const notCustodian = await runCli(['media', 'handover', caseId, '--from', '张伟', '--to', '李娜', '--officer', '李娜', '--all-pending', '--workspace', workspace, '--json'])
    expect(notCustodian.exitCode).toBe(5)
    expect((await runCli(['people', 'add', '赵敏', '--role', 'custodian', '--workspace', workspace, '--json'])).exitCode).toBe(0)

    const first = await runCli(['media', 'handover', caseId, '--from', '张伟', '--to', '赵敏', '--officer', '赵敏', '--media', 'M001,M002', '--at', '2026-03-02T18:00', '--workspace', workspace, '--json'])
    expect(first.exitCode).toBe(0)
    expect(first.json).toMatchObject({at: '2026-03-02T18:00:00+08:00', documentError: null, from: '张伟', id: `${caseId}-H01`, to: '赵敏'})
    // The 音像资料交接记录 is filled through the documents capability.
    const document = await runCli(['doc', 'show', caseId, first.json.documentId, '--workspace', workspace, '--json'])
    expect(document.json).toMatchObject({type: 'av-handover'})
    expect(existsSync(join(workspace, document.json.file))).toBe(true)
    const list = await runCli(['media', 'list', caseId, '--workspace', workspace, '--json'])
    const bySeq = list.json.media
    expect(first.json.items.map((item: {sha256: string}) => item.sha256)).toEqual([bySeq[0].sha256, bySeq[1].sha256])

    const mediaDir = join(workspace, 'cases', caseId, 'media')
    const target = join(workspace, bySeq[3].file)
    chmodSync(target, 0o644)
    writeFileSync(target, Buffer.concat([readFileSync(target), Buffer.from('x')]))
    const refused = await runCli(['media', 'handover', caseId, '--from', '张伟', '--to', '赵敏', '--officer', '赵敏', '--all-pending', '--workspace', workspace, '--json'])
    expect(refused.exitCode).toBe(6)
    expect(refused.json.error.code).toBe('HANDOVER_DIGEST_MISMATCH')
    expect(refused.json.error.details.problems).toEqual([{file: bySeq[3].file, mediaId: bySeq[3].id, problem: 'changed'}])
    expect(existsSync(mediaDir)).toBe(true)

    const rest = await runCli(['media', 'handover', caseId, '--from', '张伟', '--to', '赵敏', '--officer', '赵敏', '--media', bySeq[2].id, '--workspace', workspace, '--json'])
    expect(rest.exitCode).toBe(0)
    expect(rest.json.id).toBe(`${caseId}-H02`)
  })
})
