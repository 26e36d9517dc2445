import {randomBytes} from 'node:crypto'
import {existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {createCase} from '../../src/cases/case-service.js'
import {DigestPool} from '../../src/platform/digest/digest-pool.js'
import {importMedia} from '../../src/media/media-import.js'
import {requireEvidenceInPlace} from '../../src/media/evidence-location.js'
import {listMedia, listMediaDetails} from '../../src/media/media-store.js'
import {verifyMedia} from '../../src/media/media-verify.js'
import {checkCase} from '../../src/rules/check.js'
import type {Workspace} from '../../src/workspace/workspace.js'
import {buildJpeg, buildWav} from './media-builders.js'
import {makeTempDir, OFFICERS, workspaceWithCase} from '../helpers/workspace-builder.js'
import {runCli} from '../helpers/cli.js'
import {refusalOf} from '../helpers/refusal.js'

const pool = new DigestPool(2)
afterAll(() => pool.close())

const secondCase = (ws: Workspace): string =>
  createCase(ws, {
    officers: [...OFFICERS],
    party: {address: '衡阳市珠晖区东风路90号', idNumber: null, name: '某某宾馆'},
    procedure: 'penalty-general',
    title: '未按规定进行卫生检测',
  }).id

/** A card with three distinct recordings. */
const makeCard = (): string => {
  const card = makeTempDir('zfjl-card-')
  for (let index = 1; index <= 3; index++) writeFileSync(join(card, `talk-${index}.wav`), buildWav({durationSec: index / 10, sampleRate: 8000}))
  return card
}

describe('evidence already in the workspace (issue 12 items 1 and 2)', () => {
  it('refuses a registered file given again with --move, and leaves it registered and intact', async () => {
    const {caseId, root, ws} = workspaceWithCase()
    const first = await importMedia(ws, caseId, [makeCard()], {pool})
    const registered = join(root, first.added[0].file)
    const again = await importMedia(ws, caseId, [registered], {move: true, pool})
    expect(again.added).toEqual([])
    expect(again.duplicates).toEqual([])
    expect(again.failed).toEqual([expect.objectContaining({code: 'WORKSPACE_MANAGED', error: expect.stringContaining('工作区自己管理的文件'), path: registered})])
    expect(existsSync(registered)).toBe(true)
    const verify = await verifyMedia(ws, {caseId, pool})
    expect(verify.counts).toMatchObject({missing: 0, ok: 3})
    ws.close()
  })

  it('refuses another case\'s media folder with --move, file by file, deleting nothing', async () => {
    const {caseId, ws} = workspaceWithCase()
    await importMedia(ws, caseId, [makeCard()], {pool})
    const other = secondCase(ws)
    const mediaDir = ws.casePaths(caseId).media
    const result = await importMedia(ws, other, [mediaDir], {move: true, pool})
    expect(result.added).toEqual([])
    expect(result.failed.map((failure) => [failure.code, failure.path.split('/').at(-1)])).toEqual([
      ['WORKSPACE_MANAGED', 'talk-1.wav'],
      ['WORKSPACE_MANAGED', 'talk-2.wav'],
      ['WORKSPACE_MANAGED', 'talk-3.wav'],
    ])
    expect(readdirSync(mediaDir).sort()).toEqual(['talk-1.wav', 'talk-2.wav', 'talk-3.wav'])
    expect((await verifyMedia(ws, {all: true, pool})).counts).toMatchObject({missing: 0, ok: 3})
    ws.close()
  })

  it('never unlinks a source that is the registered file itself (same inode through a hard link)', async () => {
    const {caseId, root, ws} = workspaceWithCase()
    const first = await importMedia(ws, caseId, [makeCard()], {pool})
    const outside = join(makeTempDir('zfjl-link-'), 'same-file.wav')
    linkSync(join(root, first.added[0].file), outside)
    const result = await importMedia(ws, caseId, [outside], {move: true, pool})
    expect(result.duplicates).toEqual([expect.objectContaining({existing: first.added[0].id, reason: 'same-content'})])
    expect(result.failed).toEqual([expect.objectContaining({code: 'MOVE_REFUSED', path: outside})])
    expect(existsSync(outside)).toBe(true)
    expect(statSync(join(root, first.added[0].file)).nlink).toBe(2)
    ws.close()
  })

  it('imports nothing of its own from the workspace root: no key, database, configuration or audit head', async () => {
    const {caseId, root, ws} = workspaceWithCase()
    await importMedia(ws, caseId, [makeCard()], {pool})
    mkdirSync(join(root, 'incoming'))
    writeFileSync(join(root, 'incoming', 'IMG_0100.JPG'), buildJpeg({height: 8, width: 8}))
    const result = await importMedia(ws, caseId, [root], {pool})
    expect(result.added.map((item) => item.original)).toEqual(['IMG_0100.JPG'])
    const refused = result.failed.filter((failure) => failure.code === 'WORKSPACE_MANAGED').map((failure) => failure.path.slice(root.length + 1))
    for (const own of ['.zfjl/audit-head.json', '.zfjl/zfjl.db', 'zfjl.json', `cases/${caseId}/media/talk-1.wav`]) expect(refused).toContain(own)
    expect(refused.some((path) => path.startsWith('.zfjl/keys/'))).toBe(true)
    expect(result.failed.filter((failure) => failure.code !== 'WORKSPACE_MANAGED')).toEqual([])
    expect(listMediaDetails(ws, caseId).some((item) => /\.pem$|zfjl\.(db|json)/.test(item.original))).toBe(false)
    ws.close()
  })

  it('creates evidence copies no wider than owner and group read (0440) and staging closed to others', async () => {
    const {caseId, root, ws} = workspaceWithCase()
    const result = await importMedia(ws, caseId, [makeCard()], {pool})
    for (const item of result.added) expect(statSync(join(root, item.file)).mode & 0o777).toBe(0o440)
    expect(statSync(ws.casePaths(caseId).media).mode & 0o007).toBe(0)
    expect(statSync(ws.paths.staging).mode & 0o007).toBe(0)
    ws.close()
  })
})

describe('media verify does not follow symlinks (issue 12 item 3)', () => {
  it('reports a registered file replaced by a symlink to an identical copy outside the workspace as changed', async () => {
    const {caseId, root, ws} = workspaceWithCase()
    const first = await importMedia(ws, caseId, [makeCard()], {pool})
    const registered = join(root, first.added[0].file)
    const copy = join(makeTempDir('zfjl-copy-'), 'copy.wav')
    writeFileSync(copy, readFileSync(registered))
    rmSync(registered)
    symlinkSync(copy, registered)
    const result = await verifyMedia(ws, {caseId, pool})
    expect(result.ok).toBe(false)
    expect(result.counts).toMatchObject({changed: 1, ok: 2, unregistered: 0})
    expect(result.entries.find((entry) => entry.mediaId === first.added[0].id)).toMatchObject({detail: expect.stringContaining('符号链接'), status: 'changed'})
    const fast = await verifyMedia(ws, {caseId, fast: true, pool})
    expect(fast.counts).toMatchObject({changed: 1, ok: 2})
    ws.close()
  })
})

describe('media verify does not follow a symlinked folder', () => {
  const moveAway = (folder: string): string => {
    const elsewhere = join(makeTempDir('zfjl-elsewhere-'), 'moved')
    renameSync(folder, elsewhere)
    symlinkSync(elsewhere, folder)
    return elsewhere
  }

  it.each([
    ['the case media folder', (root: string, caseId: string) => join(root, 'cases', caseId, 'media')],
    ['the case folder', (root: string, caseId: string) => join(root, 'cases', caseId)],
    ['cases/', (root: string) => join(root, 'cases')],
  ])('reports every file under %s moved out and replaced by a symlink as changed, in full and fast mode', async (_name, folderOf) => {
    const {caseId, root, ws} = workspaceWithCase()
    const first = await importMedia(ws, caseId, [makeCard()], {pool})
    const elsewhere = moveAway(folderOf(root, caseId))
    const result = await verifyMedia(ws, {caseId, pool})
    expect(result.ok).toBe(false)
    expect(result.counts).toMatchObject({changed: 3, ok: 0, unregistered: 0})
    for (const entry of result.entries) expect(entry.detail).toContain('证据已被移出工作区')
    expect(result.entries.map((entry) => entry.mediaId).sort()).toEqual(first.added.map((item) => item.id).sort())
    const fast = await verifyMedia(ws, {caseId, fast: true, pool})
    expect(fast.counts).toMatchObject({changed: 3, ok: 0})
    // The files themselves were never touched.
    expect(readdirSync(elsewhere).length).toBeGreaterThan(0)
    ws.close()
  })

  it('makes the command exit 6 with the reason in Chinese', async () => {
    const {caseId, root, ws} = workspaceWithCase()
    await importMedia(ws, caseId, [makeCard()], {pool})
    ws.close()
    moveAway(join(root, 'cases', caseId, 'media'))
    const verify = await runCli(['media', 'verify', caseId, '--workspace', root, '--json'])
    expect(verify.exitCode, verify.stdout + verify.stderr).toBe(6)
    expect(verify.stdout).toContain('符号链接')
  })
})

describe('evidence read for an archive or an export', () => {
  it('is refused (integrity, exit 6) when its documents folder is a symlink, naming each file, and passes when in place', async () => {
    const {caseId, root, ws} = workspaceWithCase()
    const first = await importMedia(ws, caseId, [makeCard()], {pool})
    const items = listMedia(ws, caseId).map((item) => ({file: item.file, label: `音像 ${item.id}`}))
    const document = {file: `cases/${caseId}/documents/01-notice.docx`, label: '文书 D01'}
    writeFileSync(join(root, document.file), 'docx')
    expect(() => requireEvidenceInPlace(ws, [...items, document], '打包')).not.toThrow()

    const elsewhere = join(makeTempDir('zfjl-elsewhere-'), 'documents')
    renameSync(join(root, 'cases', caseId, 'documents'), elsewhere)
    symlinkSync(elsewhere, join(root, 'cases', caseId, 'documents'))
    const refusal = refusalOf(() => requireEvidenceInPlace(ws, [...items, document], '打包'))
    expect([refusal.kind, refusal.code]).toEqual(['integrity', 'EVIDENCE_DISPLACED'])
    expect(refusal.message).toContain('文书 D01')
    expect(refusal.message).not.toContain(first.added[0].id)
    ws.close()
  })
})

describe('file names and empty sources (issue 12 item 13)', () => {
  it('gives a colliding 253-byte name a shorter stored name instead of failing the batch', async () => {
    const {caseId, ws} = workspaceWithCase()
    // 现 is three bytes in UTF-8: 83 of them and `.wav` make 253 bytes, and `名 (2).wav` would make 257.
    const name = `${'现'.repeat(83)}.wav`
    expect(Buffer.byteLength(name)).toBe(253)
    const one = makeTempDir('zfjl-long-')
    const two = makeTempDir('zfjl-long-')
    writeFileSync(join(one, name), buildWav({durationSec: 0.1, sampleRate: 8000}))
    writeFileSync(join(two, name), buildWav({durationSec: 0.2, sampleRate: 8000}))
    writeFileSync(join(two, 'short.wav'), buildWav({durationSec: 0.3, sampleRate: 8000}))
    const result = await importMedia(ws, caseId, [one, two], {pool})
    expect(result.failed).toEqual([])
    expect(result.added).toHaveLength(3)
    // Sources in byte order of names: the second folder's `short.wav` comes before its long name.
    expect(result.added.map((item) => item.original)).toEqual([name, 'short.wav', name])
    const stored = result.added.map((item) => item.file.split('/').at(-1) as string)
    expect(stored[0]).toBe(name)
    expect(stored[2]).toMatch(/^现+ \(2\)\.wav$/)
    expect(Buffer.byteLength(stored[2])).toBeLessThanOrEqual(255)
    ws.close()
  })

  it('reports an empty folder and a folder of broken symlinks, and walks a symlink given to a folder', async () => {
    const {caseId, ws} = workspaceWithCase()
    const empty = makeTempDir('zfjl-empty-')
    const broken = makeTempDir('zfjl-broken-')
    symlinkSync(join(broken, 'gone-1.mp4'), join(broken, 'a.mp4'))
    symlinkSync(join(broken, 'gone-2.mp4'), join(broken, 'b.mp4'))
    const nothing = await importMedia(ws, caseId, [empty, broken], {pool})
    expect(nothing.added).toEqual([])
    expect(nothing.failed.map((failure) => failure.code)).toEqual(['NO_FILES', 'SYMLINK_BROKEN', 'SYMLINK_BROKEN'])
    expect(nothing.failed[0].error).toMatch(/没有可导入的文件/)

    const linked = join(makeTempDir('zfjl-linkdir-'), 'card')
    symlinkSync(makeCard(), linked)
    const walked = await importMedia(ws, caseId, [linked], {pool})
    expect(walked.failed).toEqual([])
    expect(walked.added.map((item) => item.original)).toEqual(['talk-1.wav', 'talk-2.wav', 'talk-3.wav'])
    ws.close()
  })
})

describe('what the bytes are (issue 12 item 11)', () => {
  it('refuses executables and scripts, keeps mismatched or damaged files with their problem, and check reports them', async () => {
    const {caseId, ws} = workspaceWithCase()
    const source = makeTempDir('zfjl-hostile-')
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]), randomBytes(2000)])
    writeFileSync(join(source, 'a-tool'), elf)
    writeFileSync(join(source, 'b-clean.sh.txt'), '#!/bin/sh\nrm -rf /\n')
    writeFileSync(join(source, 'c-random.mp4'), randomBytes(30_000))
    writeFileSync(join(source, 'd-notes.jpg'), '这不是照片，是一段文字。\n'.repeat(50))
    const photo = buildJpeg({dateTimeOriginal: '2026:03:02 09:31:00', height: 64, width: 96})
    writeFileSync(join(source, 'e-cut.jpg'), photo.subarray(0, Math.floor(photo.length * 0.6)))
    writeFileSync(join(source, 'f-good.jpg'), photo)
    const result = await importMedia(ws, caseId, [source], {pool})

    expect(result.failed.map((failure) => [failure.path.split('/').at(-1), failure.code])).toEqual([
      ['a-tool', 'EXECUTABLE_REFUSED'],
      ['b-clean.sh.txt', 'EXECUTABLE_REFUSED'],
    ])
    expect(result.failed[0].error).toMatch(/ELF/)
    const problems = Object.fromEntries(result.added.map((item) => [item.original, item.formatProblem?.code ?? null]))
    expect(problems).toEqual({'c-random.mp4': 'mismatch', 'd-notes.jpg': 'mismatch', 'e-cut.jpg': 'unreadable', 'f-good.jpg': null})
    // Stored on the row, so every later reader sees it.
    const stored = listMediaDetails(ws, caseId).find((item) => item.original === 'd-notes.jpg')
    expect(stored?.formatProblem?.message).toMatch(/不是JPEG 照片/)
    expect(stored?.warnings.join()).toMatch(/不是JPEG 照片/)
    expect(readdirSync(ws.casePaths(caseId).media)).not.toContain('a-tool')

    const findings = checkCase(ws, caseId).filter((finding) => finding.rule.startsWith('media-'))
    const byMedia = Object.fromEntries(findings.map((finding) => [finding.subject, [finding.rule, finding.severity]]))
    const idOf = (original: string) => result.added.find((item) => item.original === original)?.id as string
    expect(byMedia).toEqual({
      [idOf('c-random.mp4')]: ['media-format-mismatch', 'error'],
      [idOf('d-notes.jpg')]: ['media-format-mismatch', 'error'],
      [idOf('e-cut.jpg')]: ['media-unreadable', 'warning'],
    })
    for (const finding of findings) expect(finding.article).toMatch(/档案法 第三十七条、第三十九条；本办法第四条、第四十二条/)
    ws.close()
  })
})
