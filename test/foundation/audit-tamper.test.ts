import {createHash} from 'node:crypto'
import {chmodSync, existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {CaseItem} from '../../src/access/case-items.js'
import {grantCopy, requestCopy} from '../../src/access/copy-approval.js'
import {exportCase} from '../../src/access/export.js'
import {markItems} from '../../src/access/marks.js'
import {packCase} from '../../src/archive/pack-case.js'
import {runCheck} from '../../src/rules/check.js'
import {importMedia} from '../../src/media/media-import.js'
import {verifyMedia} from '../../src/media/media-verify.js'
import {createCase, recordEvent} from '../../src/cases/case-service.js'
import {appendAudit, currentAuditHead, GENESIS_HASH, hashAuditRow, writeAuditHead} from '../../src/platform/db/audit-chain.js'
import {ZfjlError} from '../../src/platform/errors.js'
import {identifyActor} from '../../src/people/identity.js'
import {addPerson, removeRoles, requireRole, resolveCaseOfficers} from '../../src/people/roles.js'
import {verifyWorkspaceAudit} from '../../src/workspace/record-trail.js'
import {openWorkspace, type Workspace} from '../../src/workspace/workspace.js'
import {addItem} from '../access/fixture.js'
import {addCase, OFFICERS, workspaceWithCase} from '../helpers/workspace-builder.js'
import {refusalOf, rejectionOf} from '../helpers/refusal.js'
import {runCli} from '../helpers/cli.js'
import {tamperCatalog} from '../helpers/tamper.js'

const tamper = (ws: Workspace, sql: string): void => tamperCatalog(ws.paths.database, sql)

/**
 * What a forger with file access and the published hash rule can do: replace audit row `seq` with a row
 * of their own whose hash is right and whose link to the row before holds. Only its successor's link
 * (or the head file) can tell.
 */
const forgeAuditRow = (ws: Workspace, seq: number, row: {action: string; caseId: string | null; subject: string; details: Record<string, unknown>}): void => {
  const previous = ws.db.get<{hash: string}>('SELECT hash FROM audit_log WHERE seq = ?', seq - 1)?.hash ?? GENESIS_HASH
  const forged = {...row, actor: '张伟', at: '2026-03-02T09:00:00+08:00', osUser: 'someone', prevHash: previous, seq}
  tamperCatalog(
    ws.paths.database,
    'UPDATE audit_log SET action = ?, actor = ?, at = ?, os_user = ?, case_id = ?, subject = ?, details = ?, prev_hash = ?, hash = ? WHERE seq = ?',
    forged.action, forged.actor, forged.at, forged.osUser, forged.caseId, forged.subject, JSON.stringify(forged.details), forged.prevHash, hashAuditRow(forged), seq,
  )
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
    const error = await rejectionOf(() => exportCase(ws, {approval: request.id, caseId, out}, items))
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

  it('finds forged roster changes, step links, handovers, marks, archives and fixity runs; a forged role grants nothing', () => {
    const at = "'2026-03-02T09:00:00+08:00'"
    tamper(
      ws,
      `INSERT INTO person_changes (name, change, roles, at, actor) VALUES ('赵六', 'add', '["head","officer"]', ${at}, '张伟');
       INSERT INTO person_changes (name, change, roles, at, actor) VALUES ('张伟', 'add', '["approver"]', ${at}, '张伟');
       INSERT INTO media_links (media_id, event, linked_at, linked_by) VALUES ('${caseId}-M001', 'hearing', ${at}, '张伟');
       INSERT INTO handovers (id, case_id, seq, from_officer, to_custodian, at, recorded_at, actor) VALUES ('${caseId}-H01', '${caseId}', 1, '张伟', '陈静', ${at}, ${at}, '张伟');
       INSERT INTO handover_documents (handover_id, document_id, recorded_at) VALUES ('${caseId}-H01', '${caseId}-D09', ${at});
       INSERT INTO marks (case_id, item_id, item_kind, action, class, reason, at, actor) VALUES ('${caseId}', '${caseId}-D01', 'document', 'unmark', 'state-secret', '伪造', ${at}, '王强');
       INSERT INTO archives (case_id, file, size, sha256, sm3, payload_oxum, signature_algorithm, signer_fingerprint, packed_at, packed_by)
         VALUES ('${caseId}', 'forged.zip', 1, 'a', 'b', '1.1', 'sm2', 'c', ${at}, '王强');
       INSERT INTO fixity_runs (case_id, mode, started_at, finished_at, actor, counts) VALUES ('${caseId}', 'full', ${at}, ${at}, '张伟', '{"ok":1}')`,
    )
    const verification = verifyWorkspaceAudit(ws.db, ws.paths.auditHead)
    expect(verification.records.problems.map((problem) => [problem.kind, problem.record])).toEqual([
      ['record-unaudited', 'person-change:2'],
      ['record-unaudited', 'person-change:3'],
      ['record-unaudited', 'media-link:1'],
      ['record-unaudited', `handover:${caseId}-H01`],
      ['record-unaudited', `handover-document:${caseId}-H01/${caseId}-D09`],
      ['record-unaudited', 'mark:1'],
      ['record-unaudited', 'archive:1'],
      ['record-unaudited', 'fixity-run:1'],
    ])
    // The forged head cannot act at all, nor can 张伟 use the approver role written for him.
    for (const refusal of [refusalOf(() => requireRole(ws, '赵六', 'head')), refusalOf(() => identifyActor(ws, {declared: '赵六'})), refusalOf(() => requireRole(ws, '张伟', 'approver'))]) {
      expect([refusal.kind, refusal.code]).toEqual(['integrity', 'RECORD_UNAUDITED'])
    }

    // The head the program registered still acts.
    expect(requireRole(ws, '王强', 'head').name).toBe('王强')
  })

  it('files no case under an officer whose role and 执法证号 were written behind the program', () => {
    tamper(ws, `INSERT INTO person_changes (name, change, roles, cert_no, at, actor) VALUES ('赵六', 'add', '["officer"]', '43040520269999', '2026-03-02T09:00:00+08:00', '张伟')`)
    const refusal = refusalOf(() => resolveCaseOfficers(ws, [{name: '张伟'}, {name: '赵六'}], 2))
    expect([refusal.kind, refusal.code]).toEqual(['integrity', 'RECORD_UNAUDITED'])
  })

  it('finds a roster change edited after the program wrote it', () => {
    tamper(ws, `UPDATE person_changes SET roles = '["head","approver"]' WHERE name = '王强'`)
    expect(verifyWorkspaceAudit(ws.db, ws.paths.auditHead).records.problems.map((problem) => [problem.kind, problem.record])).toEqual([['record-changed', 'person-change:1']])
    expect(refusalOf(() => requireRole(ws, '王强', 'approver')).code).toBe('RECORD_UNAUDITED')
  })

  it('a case whose rows were forged, edited or deleted fails check (not waivable), and cannot be exported or packed', async () => {
    expect(runCheck(ws, {caseId}).findings.map((finding) => finding.rule)).not.toContain('record-trail')
    markItems(ws.as('王强'), {caseId, class: 'privacy', reason: '含个人信息', refs: [items[0].id]}, items)
    const request = requestCopy(ws, {all: true, caseId, purpose: '行政复议', requestedBy: '张伟'}, items)
    grantCopy(ws.as('王强'), request.id, {by: '王强'})
    // Deleting the mark would let the confidential item out; a forged waiver would silence a finding.
    tamper(
      ws,
      `DELETE FROM marks; INSERT INTO check_waivers (case_id, rule, reason, actor, at) VALUES ('${caseId}', 'av-full-record', '伪造', '王强', '2026-03-02T09:00:00+08:00')`,
    )
    const [finding] = runCheck(ws, {caseId}).findings
    expect([finding.rule, finding.severity, finding.kind]).toEqual(['record-trail', 'error', 'record'])
    expect(finding.message).toContain('共 2 处')
    expect(finding.article).toContain('第五十条')

    const out = join(dirname(dir), 'leaked')
    const refused = await rejectionOf(() => exportCase(ws, {approval: request.id, caseId, out}, items))
    expect([(refused as ZfjlError).kind, (refused as ZfjlError).code]).toEqual(['integrity', 'RECORD_UNAUDITED'])
    expect(existsSync(out)).toBe(false)
    const packed = await rejectionOf(() => packCase(ws.as('王强'), caseId, {force: true, reason: '强制'}))
    expect((packed as ZfjlError).code).toBe('RECORD_UNAUDITED')
  })

  it('a case deleted whole from the catalog fails check --all and media verify --all, though it is no longer listed', async () => {
    const deleted = addCase(ws)
    tamper(ws, `DELETE FROM parties WHERE case_id = '${deleted}'; DELETE FROM case_officers WHERE case_id = '${deleted}'; DELETE FROM cases WHERE id = '${deleted}'`)
    const run = runCheck(ws, {all: true})
    expect(run.cases).toBe(1)
    expect(run.findings.filter((finding) => finding.kind === 'record').map((finding) => [finding.case, finding.rule, finding.severity])).toEqual([
      [deleted, 'record-trail', 'error'],
    ])
    const verified = await verifyMedia(ws, {all: true})
    expect(verified.ok).toBe(false)
    expect(verified.records.every((problem) => problem.caseId === deleted && problem.kind === 'record-missing')).toBe(true)
  })

  it('a registered file gone from its place fails check (not waivable, exit 6), though every row still matches the chain', async () => {
    const source = join(dir, '..', '现场照片说明.txt')
    writeFileSync(source, '现场照片说明')
    const [added] = (await importMedia(ws, caseId, [source])).added
    expect(runCheck(ws, {caseId}).findings.map((finding) => finding.rule)).not.toContain('registered-file-missing')
    rmSync(join(dir, added.file))
    for (const run of [runCheck(ws, {caseId}), runCheck(ws, {all: true})]) {
      const missing = run.findings.filter((finding) => finding.rule === 'registered-file-missing')
      expect(missing.map((finding) => [finding.case, finding.kind, finding.severity])).toEqual([[caseId, 'record', 'error']])
      expect(missing[0].message).toContain(added.id)
      expect(missing[0].article).toContain('第五十条')
    }

    const checked = await runCli(['check', caseId, '--workspace', dir, '--json'])
    expect(checked.exitCode).toBe(6)
  })

  it('media verify does not call a file 完好 against a registered digest rewritten in the catalog', async () => {
    const source = join(dir, '..', '现场说明.txt')
    writeFileSync(source, '现场检查说明')
    const [added] = (await importMedia(ws, caseId, [source])).added
    chmodSync(join(dir, added.file), 0o640)
    writeFileSync(join(dir, added.file), '改过的说明')
    expect((await verifyMedia(ws, {caseId})).counts.changed).toBe(1)
    // The forger rewrites the registered digests to match the changed file.
    tamper(ws, `UPDATE media SET sha256 = '${createHash('sha256').update('改过的说明').digest('hex')}', sm3 = '${createHash('sm3').update('改过的说明').digest('hex')}', size = ${Buffer.byteLength('改过的说明')} WHERE id = '${added.id}'`)
    const result = await verifyMedia(ws, {caseId})
    expect(result.counts.changed).toBe(0)
    expect(result.ok).toBe(false)
    expect(result.records.map((problem) => [problem.kind, problem.record])).toEqual([['record-changed', `media:${added.id}`]])
  })

  it('an audit row replaced in the middle of the chain with a well-hashed forgery vouches for nothing', () => {
    // A forged waiver, "recorded" by a legacy-looking row put in place of a real one.
    tamper(ws, `INSERT INTO check_waivers (case_id, rule, subject, reason, actor, at) VALUES ('${caseId}', 'av-full-record', 'statement-heard', '伪造', '王强', '2026-03-02T09:00:00+08:00')`)
    const target = ws.db.get<{seq: number}>("SELECT seq FROM audit_log WHERE case_id = ? AND action = 'case.new'", caseId)!.seq
    forgeAuditRow(ws, target, {action: 'check.waive', caseId, details: {}, subject: `${caseId}:av-full-record:statement-heard`})
    const [finding] = runCheck(ws, {caseId}).findings
    expect([finding.rule, finding.message]).toEqual(['record-trail', expect.stringContaining(`第 ${target} 条审计记录（check.waive）不在审计链中`)])
    // A head made by forging a people.add in place of another row grants nothing either.
    tamper(ws, `INSERT INTO person_changes (name, change, roles, at, actor) VALUES ('李娜', 'add', '["head"]', '2026-03-02T09:00:00+08:00', '张伟')`)
    const peopleRow = ws.db.get<{seq: number}>("SELECT seq FROM audit_log WHERE action = 'people.add'")!.seq
    forgeAuditRow(ws, peopleRow, {action: 'people.add', caseId: null, details: {}, subject: '李娜'})
    expect(refusalOf(() => requireRole(ws, '李娜', 'head')).code).toBe('RECORD_UNAUDITED')
  })

  it('the workspace.init row deleted or rewritten: the roster cannot be checked, every command refuses, audit verify still runs', async () => {
    const reopened = () => openWorkspace({workspace: ws.root})
    forgeAuditRow(ws, 1, {action: 'workspace.init', caseId: null, details: {identity: 'declared', people: [{name: '李娜', roles: ['head']}]}, subject: ws.root})
    let again = reopened()
    expect(refusalOf(() => requireRole(again, '王强', 'head')).code).toBe('AUDIT_CHAIN_BROKEN')
    again.close()
    tamper(ws, 'DELETE FROM audit_log WHERE seq = 1')
    again = reopened()
    expect(refusalOf(() => requireRole(again, '王强', 'head')).message).toContain('第 1 条')
    again.close()
    const verify = await runCli(['audit', 'verify', '--json', '--workspace', ws.root])
    expect([verify.exitCode, verify.json.ok]).toEqual([1, false])
  })

  it('an audit row whose details are not an object is reported, not a crash', () => {
    const target = ws.db.get<{seq: number}>("SELECT seq FROM audit_log WHERE case_id = ? AND action = 'case.new'", caseId)!.seq
    const previous = ws.db.get<{hash: string}>('SELECT hash FROM audit_log WHERE seq = ?', target - 1)!
    const forged = {action: 'case.new', actor: '张伟', at: '2026-03-02T09:00:00+08:00', caseId, details: null as unknown as Record<string, unknown>, osUser: 'x', prevHash: previous.hash, seq: target, subject: caseId}
    tamper(ws, `UPDATE audit_log SET details = 'null', actor = '张伟', at = '${forged.at}', os_user = 'x', hash = '${hashAuditRow(forged)}' WHERE seq = ${target}`)
    expect(runCheck(ws, {caseId}).findings[0].rule).toBe('record-trail')
  })

  it('a roster change deleted from the catalog does not give back the role it took away', () => {
    removeRoles(ws.as('张伟'), {name: '王强', reason: '调离', roles: ['head']})
    expect(refusalOf(() => requireRole(ws, '王强', 'head')).code).toBe('ROLE_REQUIRED')
    tamper(ws, "DELETE FROM person_changes WHERE change = 'remove-roles'")
    const refusal = refusalOf(() => requireRole(ws, '王强', 'head'))
    expect([refusal.code, refusal.message]).toEqual(['RECORD_UNAUDITED', expect.stringContaining('已不在目录中')])
    expect(verifyWorkspaceAudit(ws.db, ws.paths.auditHead).records.problems.map((problem) => problem.kind)).toEqual(['record-missing'])
  })

  it('matches each older row to one of several audit rows with the same subject (a file linked to two steps)', () => {
    const steps = ['onsite-inspection', 'hearing']
    tamper(ws, steps.map((step) => `INSERT INTO media_links (media_id, event, linked_at, linked_by) VALUES ('${caseId}-M001', '${step}', '2025-05-01T09:00:00+08:00', '张伟')`).join(';'))
    ws.db.writeTransaction(() => {
      for (const step of steps) appendAudit(ws.db, ws.actor, {action: 'media.link', caseId, details: {step}, subject: `${caseId}-M001`})
    })
    writeAuditHead(ws.paths.auditHead, currentAuditHead(ws.db)!)
    let verification = verifyWorkspaceAudit(ws.db, ws.paths.auditHead)
    expect(verification.records.problems).toEqual([])
    expect(verification.records.legacy.map((entry) => entry.record)).toEqual(expect.arrayContaining(['media-link:1', 'media-link:2']))

    tamper(ws, "UPDATE media_links SET event = 'filed' WHERE id = 2")
    verification = verifyWorkspaceAudit(ws.db, ws.paths.auditHead)
    expect(verification.records.problems.map((problem) => [problem.kind, problem.record])).toEqual([['record-changed', 'media-link:2']])
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
