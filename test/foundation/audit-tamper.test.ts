import Database from 'better-sqlite3'
import {existsSync, readFileSync, rmSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {CaseItem} from '../../src/access/case-items.js'
import {grantCopy, requestCopy} from '../../src/access/copy-approval.js'
import {exportCase} from '../../src/access/export.js'
import {createCase, recordEvent} from '../../src/cases/case-service.js'
import {appendAudit, currentAuditHead, writeAuditHead} from '../../src/platform/db/audit-chain.js'
import {ZfjlError} from '../../src/platform/errors.js'
import {addPerson} from '../../src/people/roles.js'
import {verifyWorkspaceAudit} from '../../src/workspace/record-trail.js'
import {openWorkspace, type Workspace} from '../../src/workspace/workspace.js'
import {addItem} from '../access/fixture.js'
import {OFFICERS, workspaceWithCase} from '../helpers/workspace-builder.js'
import {refusalOf} from '../helpers/refusal.js'

/** What someone with file access could do: drop the append-only triggers and rewrite the catalog. */
const tamper = (ws: Workspace, sql: string): void => {
  const db = new Database(ws.paths.database)
  for (const {name} of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{name: string}>) db.exec(`DROP TRIGGER ${name}`)
  db.exec(sql)
  db.close()
}

const newCase = (ws: Workspace) =>
  createCase(ws, {officers: OFFICERS, party: {address: null, idNumber: null, name: '某某商店'}, procedure: 'penalty-general', title: '某某案'})

describe('the audit head', () => {
  let ws: Workspace
  let caseId: string
  beforeEach(() => {
    ;({caseId, ws} = workspaceWithCase())
    recordEvent(ws, caseId, 'filed', {at: '2026-03-02'})
    newCase(ws)
  })
  afterEach(() => ws.close())

  it('refuses to append after the newest rows were deleted, and leaves the head file as it was', () => {
    const head = readFileSync(ws.paths.auditHead, 'utf8')
    tamper(ws, 'DELETE FROM audit_log WHERE seq > (SELECT MAX(seq) - 2 FROM audit_log)')
    const error = refusalOf(() => newCase(ws))
    expect([error.kind, error.code]).toEqual(['integrity', 'AUDIT_CHAIN_BROKEN'])
    expect(error.message).toContain('zfjl audit verify')
    expect(error.message).toContain('最新记录被删除')
    expect(readFileSync(ws.paths.auditHead, 'utf8')).toBe(head)
    const verification = verifyWorkspaceAudit(ws.db, ws.paths.auditHead)
    expect(verification.ok).toBe(false)
    expect(verification.problems.map((problem) => problem.kind)).toEqual(['head-mismatch'])
  })

  it('does not take an emptied table, or an emptied table without its head file, for a fresh start', () => {
    tamper(ws, 'DELETE FROM audit_log')
    expect(refusalOf(() => newCase(ws)).code).toBe('AUDIT_CHAIN_BROKEN')
    let verification = verifyWorkspaceAudit(ws.db, ws.paths.auditHead)
    expect(verification.ok).toBe(false)
    expect(verification.problems[0].kind).toBe('head-mismatch')

    rmSync(ws.paths.auditHead)
    expect(refusalOf(() => newCase(ws)).message).toContain('链头记录文件缺失')
    verification = verifyWorkspaceAudit(ws.db, ws.paths.auditHead)
    expect(verification.rows).toBe(0)
    expect(verification.problems.map((problem) => problem.kind)).toEqual(['head-missing'])
    // Every case and event now lacks its audit row, and each is listed.
    expect(verification.records.problems.filter((problem) => problem.kind === 'record-unaudited').map((problem) => problem.record)).toEqual(
      expect.arrayContaining([`case:${caseId}`, 'case:2026-0002', 'event:1']),
    )
  })
})

describe('catalog rows against their audit rows', () => {
  let ws: Workspace
  let caseId: string
  let dir: string
  let items: CaseItem[]
  beforeEach(() => {
    ;({caseId, root: dir, ws} = workspaceWithCase())
    addPerson(ws, {name: '王强', roles: ['head']})
    items = [addItem(ws, caseId, 'document', `${caseId}-D01`, 'penalty-decision.docx', Buffer.from('决定书正文'))]
  })
  afterEach(() => ws.close())

  it('stores a digest of each new row in the audit row that records it', () => {
    const verification = verifyWorkspaceAudit(ws.db, ws.paths.auditHead)
    expect(verification).toMatchObject({ok: true, records: {legacy: [], problems: []}})
    expect(verification.records.checked).toBeGreaterThan(0)
    const row = ws.db.get<{details: string}>("SELECT details FROM audit_log WHERE action = 'case.new'")!
    expect(JSON.parse(row.details).records[`case:${caseId}`]).toMatch(/^[\da-f]{64}$/)
  })

  it('finds an edited case title and an inserted grant, and the export refuses the forged grant', async () => {
    const request = requestCopy(ws, {all: true, caseId, purpose: '行政复议', requestedBy: '张伟'}, items)
    tamper(
      ws,
      `UPDATE cases SET title = '篡改的案由' WHERE id = '${caseId}';
       INSERT INTO copy_decisions (request_id, decision, decided_by, include_confidential, repeatable, at, actor)
       VALUES ('${request.id}', 'granted', '王强', 1, 1, '2026-03-02T09:00:00+08:00', '王强')`,
    )
    const verification = verifyWorkspaceAudit(ws.db, ws.paths.auditHead)
    expect(verification.ok).toBe(false)
    expect(verification.problems).toEqual([])
    expect(verification.records.problems.map((problem) => [problem.kind, problem.record])).toEqual([
      ['record-changed', `case:${caseId}`],
      ['record-unaudited', 'copy-decision:1'],
    ])
    const out = join(dirname(dir), 'forged')
    const error = await exportCase(ws, {approval: request.id, caseId, out}, items).then(
      () => new Error('expected a refusal'),
      (error_: unknown) => error_,
    )
    expect(error).toBeInstanceOf(ZfjlError)
    expect([(error as ZfjlError).kind, (error as ZfjlError).code]).toEqual(['integrity', 'RECORD_UNAUDITED'])
    expect(existsSync(out)).toBe(false)
  })

  it('lists a row deleted from the catalog', () => {
    const request = requestCopy(ws, {all: true, caseId, purpose: '行政复议', requestedBy: '张伟'}, items)
    grantCopy(ws.as('王强'), request.id, {by: '王强'})
    tamper(ws, 'DELETE FROM copy_decisions')
    expect(verifyWorkspaceAudit(ws.db, ws.paths.auditHead).records.problems.map((problem) => [problem.kind, problem.record])).toEqual([
      ['record-missing', 'copy-decision:1'],
    ])
  })

  it('reports rows written before digests were stored as 无内容摘要（旧记录）, and still checks what their audit row recorded', () => {
    // What an older zfjl wrote: the row and an audit row without `records`.
    ws.db.writeTransaction(() => {
      ws.db.run("INSERT INTO cases (id, year, seq, procedure, title, created_at, created_by) VALUES ('2025-0001', 2025, 1, 'simple', '旧案', '2025-05-01T09:00:00+08:00', '张伟')")
      appendAudit(ws.db, ws.actor, {action: 'case.new', caseId: '2025-0001', details: {procedure: 'simple', title: '旧案'}, subject: '2025-0001'})
    })
    writeAuditHead(ws.paths.auditHead, currentAuditHead(ws.db)!)
    let verification = verifyWorkspaceAudit(ws.db, ws.paths.auditHead)
    expect(verification.ok).toBe(true)
    expect(verification.records.legacy).toEqual([expect.objectContaining({message: expect.stringContaining('无内容摘要（旧记录）'), record: 'case:2025-0001'})])

    tamper(ws, "UPDATE cases SET title = '改过的旧案' WHERE id = '2025-0001'")
    verification = verifyWorkspaceAudit(ws.db, ws.paths.auditHead)
    expect(verification.records.problems).toEqual([expect.objectContaining({kind: 'record-changed', record: 'case:2025-0001'})])
    expect(verification.records.problems[0].message).toContain('title')
  })

  it('settles a head left pending by a crash: forward when the COMMIT happened, back when it did not', () => {
    const committed = currentAuditHead(ws.db)!
    writeAuditHead(ws.paths.auditHead, {hash: '1'.repeat(64), pending: committed, seq: committed.seq - 1})
    expect(verifyWorkspaceAudit(ws.db, ws.paths.auditHead).ok).toBe(true)
    newCase(ws)
    expect(JSON.parse(readFileSync(ws.paths.auditHead, 'utf8'))).toEqual(currentAuditHead(ws.db))

    const head = currentAuditHead(ws.db)!
    writeAuditHead(ws.paths.auditHead, {...head, pending: {hash: '2'.repeat(64), seq: head.seq + 1}})
    const reopened = openWorkspace({workspace: ws.root})
    newCase(reopened)
    reopened.close()
    expect(verifyWorkspaceAudit(ws.db, ws.paths.auditHead).ok).toBe(true)
  })
})
