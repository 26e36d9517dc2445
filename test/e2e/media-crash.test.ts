import Database from 'better-sqlite3'
import {randomBytes} from 'node:crypto'
import {existsSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {addHead, makeCase, makeTempDir, makeWorkspace, runCli, spawnPausedAt} from '../helpers/cli.js'
import {buildJpeg, buildWav} from '../media/media-builders.js'

const makeCard = (): string => {
  const card = makeTempDir('zfjl-card-')
  for (let index = 1; index <= 3; index++) writeFileSync(join(card, `talk-${index}.wav`), buildWav({durationSec: index / 10, sampleRate: 8000}))
  return card
}

const countMedia = (workspace: string): number => {
  const db = new Database(join(workspace, '.zfjl', 'zfjl.db'), {readonly: true})
  try {
    return (db.prepare('SELECT COUNT(*) AS count FROM media').get() as {count: number}).count
  } finally {
    db.close()
  }
}

const listing = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder).sort() : [])

const stagingOf = (workspace: string): string[] => listing(join(workspace, '.zfjl', 'staging'))

describe('media add killed at each step (issue 12 item 6)', () => {
  // Each batch pauses at the named point; how many files the first batch holds depends on the hashing
  // threads, so the assertions hold for any split.
  it.each([
    ['media-add:staged', 'with copies staged in .zfjl/staging, before any is registered'],
    ['media-add:registered', 'with the batch\'s rows and placements written, before COMMIT'],
  ])('at %s (%s): the next command removes the staging copies, nothing is registered, and the re-run imports everything under the same names and numbers', {timeout: 120_000}, async (point) => {
    const workspace = await makeWorkspace()
    const caseId = await makeCase(workspace)
    const card = makeCard()
    const paused = await spawnPausedAt(point, ['media', 'add', caseId, card, '--workspace', workspace, '--json'])
    expect(stagingOf(workspace).some((name) => name.includes('-import-'))).toBe(true)
    await paused.kill()
    expect(countMedia(workspace)).toBe(0)
    const verify = await runCli(['media', 'verify', caseId, '--workspace', workspace, '--json'])
    expect(verify.exitCode).toBe(0)
    expect(verify.json.counts).toEqual({changed: 0, missing: 0, moved: 0, ok: 0, unregistered: 0})
    expect(stagingOf(workspace)).toEqual([])
    expect(listing(join(workspace, 'cases', caseId, 'media'))).toEqual([])
    expect(listing(card)).toEqual(['talk-1.wav', 'talk-2.wav', 'talk-3.wav'])
    const rerun = await runCli(['media', 'add', caseId, card, '--workspace', workspace, '--json'])
    expect(rerun.json.added.map((item: {id: string; file: string}) => [item.id, item.file.split('/').at(-1)])).toEqual([
      [`${caseId}-M001`, 'talk-1.wav'],
      [`${caseId}-M002`, 'talk-2.wav'],
      [`${caseId}-M003`, 'talk-3.wav'],
    ])
  })

  it('after COMMIT, before the copies are renamed into the case: the next command finishes the renames, and every registered file verifies', {timeout: 120_000}, async () => {
    const workspace = await makeWorkspace()
    const caseId = await makeCase(workspace)
    const card = makeCard()
    const mediaDir = join(workspace, 'cases', caseId, 'media')
    const paused = await spawnPausedAt('audit.after-commit', ['media', 'add', caseId, card, '--move', '--workspace', workspace, '--json'])
    await paused.kill()
    // Registered, but still in the staging folder, and the sources are all there.
    const committed = countMedia(workspace)
    expect(committed).toBeGreaterThan(0)
    expect(listing(mediaDir)).toEqual([])
    expect(listing(card)).toEqual(['talk-1.wav', 'talk-2.wav', 'talk-3.wav'])

    const verify = await runCli(['media', 'verify', caseId, '--workspace', workspace, '--json'])
    expect(verify.exitCode).toBe(0)
    expect(verify.json.counts).toEqual({changed: 0, missing: 0, moved: 0, ok: committed, unregistered: 0})
    expect(listing(mediaDir)).toHaveLength(committed)
    expect(stagingOf(workspace)).toEqual([])

    const rerun = await runCli(['media', 'add', caseId, card, '--workspace', workspace, '--json'])
    expect(rerun.exitCode).toBe(0)
    expect(rerun.json.duplicates).toHaveLength(committed)
    const list = await runCli(['media', 'list', caseId, '--workspace', workspace, '--json'])
    expect(list.json.media.map((item: {id: string; file: string}) => [item.id, item.file.split('/').at(-1)])).toEqual([
      [`${caseId}-M001`, 'talk-1.wav'],
      [`${caseId}-M002`, 'talk-2.wav'],
      [`${caseId}-M003`, 'talk-3.wav'],
    ])
  })

  it('after the copies are in place, before --move removes the sources: what committed stays registered, nothing stray, the re-run finishes the rest', {timeout: 120_000}, async () => {
    const workspace = await makeWorkspace()
    const caseId = await makeCase(workspace)
    const card = makeCard()
    const paused = await spawnPausedAt('media-add:placed', ['media', 'add', caseId, card, '--move', '--workspace', workspace, '--json'])
    await paused.kill()
    const committed = countMedia(workspace)
    expect(committed).toBeGreaterThan(0)
    // The sources are removed only once their copies are in place: none is lost.
    expect(listing(card)).toEqual(['talk-1.wav', 'talk-2.wav', 'talk-3.wav'])

    const verify = await runCli(['media', 'verify', caseId, '--workspace', workspace, '--json'])
    expect(verify.exitCode).toBe(0)
    expect(verify.json.counts).toEqual({changed: 0, missing: 0, moved: 0, ok: committed, unregistered: 0})
    expect(stagingOf(workspace)).toEqual([])

    // The same command again: the sources already registered are read again to be sure, then removed with the rest.
    const rerun = await runCli(['media', 'add', caseId, card, '--move', '--workspace', workspace, '--json'])
    expect(rerun.exitCode).toBe(0)
    expect(rerun.json.duplicates).toHaveLength(committed)
    for (const duplicate of rerun.json.duplicates) expect(duplicate.reason).toBe('same-content')
    expect(listing(card)).toEqual([])
    const list = await runCli(['media', 'list', caseId, '--workspace', workspace, '--json'])
    expect(list.json.media.map((item: {id: string; file: string}) => [item.id, item.file.split('/').at(-1)])).toEqual([
      [`${caseId}-M001`, 'talk-1.wav'],
      [`${caseId}-M002`, 'talk-2.wav'],
      [`${caseId}-M003`, 'talk-3.wav'],
    ])
  })
})

describe('Ctrl-C during media add (issue 16 item 3)', () => {
  it('leaves no staging copy behind and exits 130', {timeout: 120_000}, async () => {
    const workspace = await makeWorkspace()
    const caseId = await makeCase(workspace)
    const paused = await spawnPausedAt('media-add:staged', ['media', 'add', caseId, makeCard(), '--workspace', workspace, '--json'])
    // Staged copies exist while it waits.
    expect(stagingOf(workspace).some((name) => name.includes('-import-'))).toBe(true)
    const result = await paused.kill('SIGINT')
    expect(result.exitCode).toBe(130)
    expect(result.json.error).toMatchObject({code: 'INTERRUPTED', exitCode: 130, kind: 'interrupted'})
    expect(stagingOf(workspace)).toEqual([])
    expect(listing(join(workspace, 'cases', caseId, 'media'))).toEqual([])
  })
})

describe('media add with nothing to import (issue 12 item 13)', () => {
  it('says so and exits 1 for an empty folder', async () => {
    const workspace = await makeWorkspace()
    const caseId = await makeCase(workspace)
    const result = await runCli(['media', 'add', caseId, makeTempDir('zfjl-empty-'), '--workspace', workspace])
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/没有可导入的文件/)
  })
})

describe('hostile files and the archive (issue 12 item 11)', () => {
  it('refuses scripts, flags mismatches in check, and packs (forced) an archive its own verify accepts', {timeout: 180_000}, async () => {
    const workspace = await makeWorkspace()
    const caseId = await makeCase(workspace)
    const source = makeTempDir('zfjl-hostile-')
    writeFileSync(join(source, 'install.sh'), '#!/bin/sh\necho hi\n')
    writeFileSync(join(source, 'random.mp4'), randomBytes(20_000))
    writeFileSync(join(source, 'text.jpg'), 'plain text, not a photo\n'.repeat(20))
    writeFileSync(join(source, 'photo.jpg'), buildJpeg({height: 8, width: 8}))
    const added = await runCli(['media', 'add', caseId, source, '--workspace', workspace, '--json'])
    expect(added.exitCode).toBe(1)
    expect(added.json.failed).toEqual([expect.objectContaining({code: 'EXECUTABLE_REFUSED', path: join(source, 'install.sh')})])
    expect(added.json.added.map((item: {original: string}) => item.original)).toEqual(['photo.jpg', 'random.mp4', 'text.jpg'])

    const check = await runCli(['check', caseId, '--workspace', workspace, '--json'])
    const mediaFindings = JSON.stringify(check.json).match(/media-format-mismatch/g) ?? []
    expect(mediaFindings).toHaveLength(2)

    const refused = await runCli(['archive', 'pack', caseId, '--workspace', workspace, '--json'])
    expect(refused.exitCode).toBe(4)
    expect(refused.json.error.code).toBe('CASE_HAS_ERRORS')
    const packed = await runCli(['archive', 'pack', caseId, '--force', '--reason', '执法记录仪故障，原始文件如此', ...(await addHead(workspace)), '--workspace', workspace, '--json'])
    expect(packed.exitCode).toBe(0)

    const verified = await runCli(['archive', 'verify', packed.json.path, '--workspace', workspace, '--json'])
    const usability = verified.json.properties.find((property: {property: string}) => property.property === 'usability')
    expect(usability.passed).toBe(true)
    const known = usability.findings.filter((finding: {code: string}) => finding.code === 'HEADER_INVALID')
    expect(known).toHaveLength(2)
    for (const finding of known) expect(finding).toMatchObject({message: expect.stringContaining('归档时已知'), severity: 'warning'})
    expect(verified.json.ok).toBe(true)
    expect(verified.exitCode).toBe(0)
  })
})
