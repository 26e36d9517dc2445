import {chmodSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {addPerson} from '../../src/people/roles.js'
import {listAudit} from '../../src/platform/db/audit-chain.js'
import {DigestPool} from '../../src/platform/digest/digest-pool.js'
import {handoverMedia} from '../../src/media/media-handover.js'
import {importMedia} from '../../src/media/media-import.js'
import {listHandovers, listMedia} from '../../src/media/media-store.js'
import {verifyMedia} from '../../src/media/media-verify.js'
import {buildPng, buildWav} from './media-builders.js'
import {makeTempDir, workspaceWithCase} from '../helpers/workspace-builder.js'

const pool = new DigestPool(2)
afterAll(() => pool.close())

const importFour = async () => {
  const context = workspaceWithCase()
  const source = makeTempDir('zfjl-fixity-')
  for (let index = 1; index <= 4; index++) writeFileSync(join(source, `f${index}.wav`), buildWav({durationSec: index / 10, sampleRate: 8000}))
  const result = await importMedia(context.ws, context.caseId, [source], {pool})
  return {...context, ids: result.added.map((item) => item.id), mediaDir: context.ws.casePaths(context.caseId).media}
}

/** Tampering as it happens: the stored copies are read-only, so whoever edits them changes the mode first. */
const flipOneByte = (path: string) => {
  chmodSync(path, 0o644)
  const bytes = readFileSync(path)
  bytes[bytes.length - 1] ^= 0xff
  writeFileSync(path, bytes)
}

describe('media verify (fixity audit)', () => {
  it('reports all ok on an untouched case and records the run', async () => {
    const {caseId, ws} = await importFour()
    const result = await verifyMedia(ws, {caseId, pool})
    expect(result.ok).toBe(true)
    expect(result.counts).toEqual({changed: 0, missing: 0, moved: 0, ok: 4, unregistered: 0})
    const audit = listAudit(ws.db, {action: 'media.verify', caseId})
    expect(audit.at(-1)?.details).toMatchObject({counts: result.counts, mode: 'full', ok: true})
    ws.close()
  })

  it('catches one changed byte, a deletion, a rename and an unregistered file', async () => {
    const {caseId, ids, mediaDir, ws} = await importFour()
    flipOneByte(join(mediaDir, 'f1.wav'))
    rmSync(join(mediaDir, 'f2.wav'), {force: true})
    renameSync(join(mediaDir, 'f3.wav'), join(mediaDir, 'renamed.wav'))
    writeFileSync(join(mediaDir, 'stranger.png'), buildPng(3, 3))
    const result = await verifyMedia(ws, {caseId, pool})
    expect(result.ok).toBe(false)
    expect(result.counts).toEqual({changed: 1, missing: 1, moved: 1, ok: 1, unregistered: 1})
    const status = Object.fromEntries(result.entries.map((entry) => [entry.mediaId ?? entry.file, entry]))
    expect(status[ids[0]].status).toBe('changed')
    expect(status[ids[1]].status).toBe('missing')
    expect(status[ids[2]]).toMatchObject({movedTo: `cases/${caseId}/media/renamed.wav`, status: 'moved'})
    expect(status[ids[3]].status).toBe('ok')
    expect(status[`cases/${caseId}/media/stranger.png`].status).toBe('unregistered')
    const runs = ws.db.all('SELECT status, COUNT(*) AS n FROM fixity_results WHERE run_id = ? GROUP BY status', result.runId)
    expect(runs).toHaveLength(5)
    ws.close()
  })

  it('--fast compares size and modification time without hashing', async () => {
    const {caseId, mediaDir, ws} = await importFour()
    writeFileSync(join(mediaDir, 'f4.wav'), buildWav({durationSec: 0.5, sampleRate: 8000}), {flag: 'w'})
    const result = await verifyMedia(ws, {caseId, fast: true, pool})
    expect(result.mode).toBe('fast')
    expect(result.counts).toMatchObject({changed: 1, ok: 3})
    ws.close()
  })

  it('needs a case or --all', async () => {
    const {ws} = workspaceWithCase()
    await expect(verifyMedia(ws, {pool})).rejects.toMatchObject({code: 'MEDIA_VERIFY_SCOPE'})
    const all = await verifyMedia(ws, {all: true, pool})
    expect(all.ok).toBe(true)
    ws.close()
  })
})

describe('media handover (第四十二条)', () => {
  let context: Awaited<ReturnType<typeof importFour>>
  beforeAll(async () => {
    context = await importFour()
    addPerson(context.ws, {name: '赵敏', roles: ['custodian']})
  })
  afterAll(() => context.ws.close())

  it('records who handed what to whom and when, with the digests at that moment', async () => {
    const {caseId, ids, ws} = context
    const filled: Array<{type: string; fields: Record<string, unknown>}> = []
    const result = await handoverMedia(
      ws.as('赵敏'),
      caseId,
      {at: '2026-03-02T18:00', from: '张伟', media: [ids[0], ids[1]], to: '赵敏'},
      {fillDocument: (_ws, _case, type, fields) => (filled.push({fields, type}), {id: `${caseId}-D01`}), pool},
    )
    expect(result).toMatchObject({at: '2026-03-02T18:00:00+08:00', documentId: `${caseId}-D01`, from: '张伟', id: `${caseId}-H01`, to: '赵敏'})
    const media = listMedia(ws, caseId)
    expect(result.items.map((item) => [item.mediaId, item.sha256, item.sm3])).toEqual(media.slice(0, 2).map((item) => [item.id, item.sha256, item.sm3]))
    expect(filled[0].type).toBe('av-handover')
    expect(filled[0].fields).toMatchObject({fileCount: 2, handedOverBy: '张伟', receivedBy: '赵敏'})
    expect(listHandovers(ws, caseId)).toHaveLength(1)
    expect(listAudit(ws.db, {action: 'media.handover', caseId}).map((row) => row.action)).toEqual(['media.handover', 'media.handover.document'])
  })

  it('--all-pending takes only the files not yet handed over', async () => {
    const {caseId, ids, ws} = context
    const result = await handoverMedia(ws.as('赵敏'), caseId, {allPending: true, from: '张伟', to: '赵敏'}, {pool})
    expect(result.items.map((item) => item.mediaId)).toEqual([ids[2], ids[3]])
    await expect(handoverMedia(ws.as('赵敏'), caseId, {allPending: true, from: '张伟', to: '赵敏'}, {pool})).rejects.toMatchObject({code: 'HANDOVER_NOTHING_PENDING'})
  })

  it('refuses a receiver without the custodian role', async () => {
    const {caseId, ids, ws} = context
    await expect(handoverMedia(ws.as('李娜'), caseId, {from: '张伟', media: [ids[0]], to: '李娜'}, {pool})).rejects.toMatchObject({code: 'ROLE_REQUIRED', kind: 'forbidden'})
  })

  it('refuses files whose digest no longer matches, recording nothing', async () => {
    const {caseId, ids, mediaDir, ws} = context
    flipOneByte(join(mediaDir, 'f2.wav'))
    await expect(handoverMedia(ws.as('赵敏'), caseId, {from: '张伟', media: [ids[0], ids[1]], to: '赵敏'}, {pool})).rejects.toMatchObject({
      code: 'HANDOVER_DIGEST_MISMATCH',
      details: {problems: [{mediaId: ids[1], problem: 'changed'}]},
      kind: 'integrity',
    })
    expect(listHandovers(ws, caseId)).toHaveLength(2)
  })
})
