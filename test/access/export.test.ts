import {spawnSync} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import yauzl from 'yauzl'

import type {CaseItem} from '../../src/access/case-items.js'
import {grantCopy, requestCopy} from '../../src/access/copy-approval.js'
import {type ExportManifest, exportCase, listCopyRecords} from '../../src/access/export.js'
import {markItems} from '../../src/access/marks.js'
import {addPerson} from '../../src/people/roles.js'
import {verifyExport} from '../../src/access/verify-export.js'
import type {Workspace} from '../../src/workspace/workspace.js'
import {listAudit, verifyAuditChain} from '../../src/platform/db/audit-chain.js'
import {writeZip as writeZipItems} from '../archive/zip-edit.js'
import {workspaceWithCase} from '../helpers/workspace-builder.js'
import {rejectionOf} from '../helpers/refusal.js'
import {addItem} from './fixture.js'

const readZipEntries = (file: string): Promise<Map<string, Buffer>> =>
  new Promise((resolveEntries, reject) => {
    const entries = new Map<string, Buffer>()
    yauzl.open(file, {lazyEntries: true}, (error, zip) => {
      if (error || !zip) return reject(error)
      zip.on('end', () => resolveEntries(entries))
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError)
          const chunks: Buffer[] = []
          stream.on('data', (chunk: Buffer) => chunks.push(chunk))
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks))
            zip.readEntry()
          })
        })
      })
      zip.readEntry()
    })
  })

/** Rewrites an export zip (the tamper tests' way of editing an entry), with the one zip encoder. */
const writeZip = async (file: string, entries: Map<string, Buffer>): Promise<void> => {
  writeZipItems(file, [...entries].map(([name, data]) => ({data, deflate: true, name})))
}

describe('export', () => {
  let ws: Workspace
  let caseId: string
  let dir: string
  let items: CaseItem[]

  beforeEach(() => {
    ;({caseId, root: dir, ws} = workspaceWithCase())
    addPerson(ws, {name: '王强', roles: ['head']})
    items = [
      addItem(ws, caseId, 'document', `${caseId}-D01`, 'penalty-decision.docx', Buffer.from('决定书正文'.repeat(1000))),
      addItem(ws, caseId, 'media', `${caseId}-M001`, 'IMG_0001.jpg', Buffer.alloc(200_000, 7)),
      addItem(ws, caseId, 'media', `${caseId}-M002`, 'ID_CARD.jpg', Buffer.from('身份证照片')),
    ]
    markItems(ws, {caseId, class: 'privacy', reason: '身份证', refs: ['M002']}, items)
  })
  afterEach(() => ws.close())

  const grant = (options: {includeConfidential?: boolean; repeatable?: boolean} = {}) => {
    const request = requestCopy(ws.as('张伟'), {all: true, caseId, purpose: '行政复议', requestedBy: '张伟'}, items)
    grantCopy(ws.as('王强'), request.id, {by: '王强', ...options})
    return request.id
  }

  it('copies exactly the approved items into a folder, skips confidential ones, records every copy and signs the manifest', async () => {
    const approval = grant()
    const out = join(dirname(dir), 'out', '复制件')
    const result = await exportCase(ws, {approval, caseId, out}, items)
    expect(result.files.map((file) => [file.item, file.path, file.serial])).toEqual([
      [`${caseId}-D01`, 'documents/penalty-decision.docx', `${result.export}-001`],
      [`${caseId}-M001`, 'media/IMG_0001.jpg', `${result.export}-002`],
    ])
    expect(result.skipped.map((entry) => [entry.item, entry.class])).toEqual([[`${caseId}-M002`, 'privacy']])
    expect(readdirSync(out).sort()).toEqual(['documents', 'manifest.json', 'manifest.pub.pem', 'manifest.sig', 'media'])
    expect(readFileSync(join(out, 'media', 'IMG_0001.jpg'))).toEqual(Buffer.alloc(200_000, 7))
    expect(existsSync(join(out, 'media', 'ID_CARD.jpg'))).toBe(false)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ExportManifest
    expect(manifest.approval).toMatchObject({grantedBy: '王强', id: approval, requestedBy: '张伟'})
    expect(manifest.actor.name).toBe('张伟')
    expect(listCopyRecords(ws, {caseId}).map((record) => [record.serial, record.approval, record.sha256])).toEqual(
      result.files.map((file) => [file.serial, approval, items.find((item) => item.id === file.item)!.sha256]),
    )
    const [row] = listAudit(ws.db, {action: 'export'})
    expect(row.details).toMatchObject({approval, grantor: '王强', out, requester: '张伟'})
    expect(verifyAuditChain(ws.db, ws.paths.auditHead).ok).toBe(true)

    const verified = await verifyExport(out, ws)
    expect(verified).toMatchObject({approval, checkedRecords: true, files: 2, ok: true, signature: {algorithm: 'sm2', valid: true, workspaceKey: true}})
  })

  // openssl is optional on a workstation: without it this one check is skipped, the rest still runs.
  it.skipIf(spawnSync('openssl', ['version']).status !== 0)('writes a manifest whose signature openssl accepts with the command it names', async () => {
    const approval = grant()
    const out = join(dirname(dir), 'openssl')
    await exportCase(ws, {approval, caseId, out}, items)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ExportManifest
    expect(manifest.signing).toMatchObject({algorithm: 'sm2', fingerprint: expect.stringMatching(/^[\da-f]{64}$/)})
    const [command, ...args] = manifest.signing.opensslVerify.split(' ')
    const verified = spawnSync(command, args, {cwd: out, encoding: 'utf8'})
    expect(verified.stdout.trim()).toBe('Verified OK')
    writeFileSync(join(out, 'manifest.json'), readFileSync(join(out, 'manifest.json'), 'utf8').replace('行政复议', '对外提供'))
    expect(spawnSync(command, args, {cwd: out, encoding: 'utf8'}).status).not.toBe(0)
  })

  it('refuses a second export of a one-shot grant but allows repeats when granted so', async () => {
    const once = grant()
    await exportCase(ws, {approval: once, caseId, out: join(dirname(dir), 'a')}, items)
    const again = await rejectionOf(() => exportCase(ws, {approval: once, caseId, out: join(dirname(dir), 'b')}, items))
    expect([again.kind, again.code]).toEqual(['conflict', 'APPROVAL_USED'])
    expect(existsSync(join(dirname(dir), 'b'))).toBe(false)
    const repeatable = grant({repeatable: true})
    await exportCase(ws, {approval: repeatable, caseId, out: join(dirname(dir), 'c')}, items)
    const second = await exportCase(ws, {approval: repeatable, caseId, out: join(dirname(dir), 'd.zip')}, items)
    expect(second.format).toBe('zip')
    expect(listAudit(ws.db, {action: 'export'})).toHaveLength(3)
  })

  it('writes a zip that verifies, includes confidential items when granted, and detects tampering', async () => {
    const approval = grant({includeConfidential: true})
    const out = join(dirname(dir), 'export.zip')
    const result = await exportCase(ws, {approval, caseId, out}, items)
    expect(result.files).toHaveLength(3)
    expect(result.files[2].confidential).toEqual({class: 'privacy', className: '个人隐私'})
    expect(readdirSync(dirname(out)).filter((name) => name.endsWith('.tmp'))).toEqual([])
    expect((await verifyExport(out)).ok).toBe(true)

    const entries = await readZipEntries(out)
    expect([...entries.keys()].sort()).toEqual([
      'documents/penalty-decision.docx',
      'manifest.json',
      'manifest.pub.pem',
      'manifest.sig',
      'media/ID_CARD.jpg',
      'media/IMG_0001.jpg',
    ])
    const manifest = entries.get('manifest.json')!.toString('utf8')
    entries.set('manifest.json', Buffer.from(manifest.replace('"purpose": "行政复议"', '"purpose": "对外提供"')))
    const tampered = join(dirname(dir), 'tampered.zip')
    await writeZip(tampered, entries)
    const verification = await verifyExport(tampered)
    expect(verification.ok).toBe(false)
    expect(verification.problems.map((problem) => problem.kind)).toEqual(['signature-invalid'])
  })

  it.skipIf(spawnSync('unzip', ['-v']).status !== 0)('writes a zip whose every CRC-32 (filled in after each file streamed) unzip -t accepts', async () => {
    const out = join(dirname(dir), 'crc.zip')
    await exportCase(ws, {approval: grant({includeConfidential: true}), caseId, out}, items)
    const tested = spawnSync('unzip', ['-t', out], {encoding: 'utf8'})
    expect(tested.stdout).toContain('No errors detected')
    expect(tested.status).toBe(0)
  })

  it('reports a tampered manifest or file in a folder export', async () => {
    const approval = grant({repeatable: true})
    const first = join(dirname(dir), 'first')
    await exportCase(ws, {approval, caseId, out: first}, items)
    const manifestPath = join(first, 'manifest.json')
    writeFileSync(manifestPath, readFileSync(manifestPath, 'utf8').replace('"requestedBy": "张伟"', '"requestedBy": "王强"'))
    const tampered = await verifyExport(first, ws)
    expect(tampered.ok).toBe(false)
    expect(tampered.problems.map((problem) => problem.kind)).toContain('signature-invalid')

    const second = join(dirname(dir), 'second')
    await exportCase(ws, {approval, caseId, out: second}, items)
    writeFileSync(join(second, 'media', 'IMG_0001.jpg'), Buffer.alloc(200_000, 8))
    writeFileSync(join(second, 'extra.txt'), 'x')
    const changed = await verifyExport(second, ws)
    expect(changed.problems.map((problem) => [problem.kind, problem.path])).toEqual([
      ['file-changed', 'media/IMG_0001.jpg'],
      ['file-extra', 'extra.txt'],
    ])
  })

  it('refuses with exit-6 integrity when evidence changed since it was recorded, leaving nothing behind', async () => {
    const approval = grant()
    writeFileSync(join(ws.root, items[1].file), Buffer.alloc(200_000, 9))
    const out = join(dirname(dir), 'changed')
    const refused = await rejectionOf(() => exportCase(ws, {approval, caseId, out}, items))
    expect([refused.kind, refused.code]).toEqual(['integrity', 'EVIDENCE_CHANGED'])
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(dirname(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
    expect(listCopyRecords(ws)).toEqual([])
    expect(listAudit(ws.db, {action: 'export'})).toEqual([])
  })

  it('refuses to overwrite an existing output', async () => {
    const approval = grant()
    const refused = await rejectionOf(() => exportCase(ws, {approval, caseId, out: dir}, items))
    expect(refused.code).toBe('OUT_EXISTS')
  })
})
