import {chmodSync, existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {makeCase} from '../helpers/cli.js'
import {type ExportCase, setUpExportCase} from './export-setup.js'

const request = async (setup: ExportCase, by = '张伟', extra: string[] = ['--all']): Promise<string> => {
  const result = await setup.cli(['copy', 'request', setup.caseId, ...extra, '--purpose', '行政复议答复', '--by', by, '--officer', by, '--json'])
  expect(result.exitCode, result.stdout).toBe(0)
  return result.json.id as string
}

const grant = async (setup: ExportCase, id: string, extra: string[] = [], by = '王强') => {
  const result = await setup.cli(['copy', 'grant', id, '--by', by, '--officer', by, ...extra, '--json'])
  expect(result.exitCode, result.stdout).toBe(0)
  return result
}

const exportTo = (setup: ExportCase, approval: string | null, name: string, caseId = setup.caseId) =>
  setup.cli(['export', caseId, ...(approval ? ['--approval', approval] : []), '--out', join(setup.outDir, name), '--json'])

describe('zfjl export', {timeout: 600_000}, () => {
  it('refuses without approval, with a pending, denied or expired one, and for another case, each with its own code', async () => {
    const setup = await setUpExportCase()
    const none = await exportTo(setup, null, 'none')
    expect([none.exitCode, none.json.error.code]).toEqual([5, 'APPROVAL_REQUIRED'])
    expect(none.json.error.message).toMatch(/须经执法机构负责人同意（第四十六条）/)

    const pendingId = await request(setup)
    const pending = await exportTo(setup, pendingId, 'pending')
    expect([pending.exitCode, pending.json.error.code]).toEqual([5, 'APPROVAL_PENDING'])

    const deniedId = await request(setup)
    const deny = await setup.cli(['copy', 'deny', deniedId, '--by', '王强', '--officer', '王强', '--reason', '用途与本案无关', '--json'])
    expect(deny.json.status).toBe('denied')
    const denied = await exportTo(setup, deniedId, 'denied')
    expect([denied.exitCode, denied.json.error.code]).toEqual([5, 'APPROVAL_DENIED'])
    expect(denied.json.error.message).toMatch(/用途与本案无关/)

    const expiringId = await request(setup)
    // A real grant that runs out: valid for a little longer than the grant command takes, then waited out.
    const expiresAt = Date.now() + 6000
    await grant(setup, expiringId, ['--expires', `${new Date(expiresAt + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`])
    await new Promise((done) => setTimeout(done, Math.max(0, expiresAt - Date.now() + 1000)))
    const expired = await exportTo(setup, expiringId, 'expired')
    expect([expired.exitCode, expired.json.error.code]).toEqual([5, 'APPROVAL_EXPIRED'])

    const otherCase = await makeCase(setup.dir, 'inspection')
    const grantedId = await request(setup)
    await grant(setup, grantedId)
    const other = await exportTo(setup, grantedId, 'other', otherCase)
    expect([other.exitCode, other.json.error.code]).toEqual([5, 'APPROVAL_OTHER_CASE'])

    const unknown = await exportTo(setup, 'CR-2026-9999', 'unknown')
    expect([unknown.exitCode, unknown.json.error.code]).toEqual([3, 'APPROVAL_NOT_FOUND'])
    expect(readdirSync(setup.outDir).filter((name) => !name.endsWith('.txt'))).toEqual([])
    const audit = await setup.cli(['audit', 'log', '--action', 'export', '--json'])
    expect(audit.json.rows).toEqual([])
  })

  it('refuses a grant by someone who is not a head, or by the requester', async () => {
    const setup = await setUpExportCase()
    const id = await request(setup, '王强')
    const officer = await setup.cli(['copy', 'grant', id, '--by', '李娜', '--officer', '李娜', '--json'])
    expect([officer.exitCode, officer.json.error.code]).toEqual([5, 'ROLE_REQUIRED'])
    expect(officer.json.error.message).toMatch(/^李娜 不具有执法机构负责人（head）角色/)
    const self = await setup.cli(['copy', 'grant', id, '--by', '王强', '--officer', '王强', '--json'])
    expect([self.exitCode, self.json.error.code]).toEqual([5, 'GRANTOR_IS_REQUESTER'])
    const selfDeny = await setup.cli(['copy', 'deny', id, '--by', '王强', '--officer', '王强', '--reason', 'x', '--json'])
    expect(selfDeny.json.error.code).toBe('GRANTOR_IS_REQUESTER')
    const exported = await exportTo(setup, id, 'self')
    expect(exported.json.error.code).toBe('APPROVAL_PENDING')
    await grant(setup, id, [], '刘芳')
    const twice = await setup.cli(['copy', 'grant', id, '--by', '刘芳', '--officer', '刘芳', '--json'])
    expect([twice.exitCode, twice.json.error.code]).toEqual([4, 'REQUEST_ALREADY_DECIDED'])
  })

  it('exports the approved files with a signed manifest that verifies, records every copy, and shows in the audit chain', async () => {
    const setup = await setUpExportCase()
    const mark = await setup.cli(['mark', setup.caseId, setup.media[1], '--class', 'privacy', '--reason', '含身份证号码', '--json'])
    expect(mark.exitCode, mark.stdout).toBe(0)
    const id = await request(setup)
    await grant(setup, id)
    const exported = await exportTo(setup, id, '复制件')
    expect(exported.exitCode, exported.stdout).toBe(0)
    const result = exported.json
    expect(result.files.map((file: {item: string; path: string}) => [file.item, file.path.split('/')[0]])).toEqual([
      [setup.document, 'documents'],
      [setup.media[0], 'media'],
    ])
    expect(result.skipped.map((entry: {item: string; class: string}) => [entry.item, entry.class])).toEqual([[setup.media[1], 'privacy']])
    expect(result).toMatchObject({actor: '张伟', approval: id, grantor: '王强', requester: '张伟'})
    const out = join(setup.outDir, '复制件')
    expect(readFileSync(join(out, result.files[1].path), 'utf8')).toBe('现场检查说明：店内无卫生许可证公示。')
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.approval).toMatchObject({grantedBy: '王强', id, requestedBy: '张伟'})

    const verified = await setup.cli(['copy', 'verify', out, '--json'])
    expect(verified.exitCode, verified.stdout).toBe(0)
    expect(verified.json).toMatchObject({checkedRecords: true, ok: true, signature: {valid: true, workspaceKey: true}})

    const audit = await setup.cli(['audit', 'log', '--action', 'export', '--json'])
    expect(audit.json.rows).toHaveLength(1)
    expect(audit.json.rows[0]).toMatchObject({action: 'export', actor: '张伟', caseId: setup.caseId, subject: result.export})
    expect(audit.json.rows[0].details).toMatchObject({approval: id, grantor: '王强', out, requester: '张伟'})
    expect(audit.json.rows[0].details.files[1]).toMatchObject({item: setup.media[0], serial: result.files[1].serial})
    const chain = await setup.cli(['audit', 'verify', '--json'])
    expect(chain.exitCode).toBe(0)

    const shown = await setup.cli(['copy', 'show', id, '--json'])
    expect(shown.json.status).toBe('used')
    expect(shown.json.copies.map((copy: {serial: string}) => copy.serial)).toEqual(result.files.map((file: {serial: string}) => file.serial))

    writeFileSync(join(out, 'manifest.json'), readFileSync(join(out, 'manifest.json'), 'utf8').replace('行政复议答复', '对外公开'))
    const tampered = await setup.cli(['copy', 'verify', out, '--json'])
    expect(tampered.exitCode).toBe(1)
    expect(tampered.json.problems.map((problem: {kind: string}) => problem.kind)).toContain('signature-invalid')
  })

  it('includes confidential files only when the grant says so, writes a zip, and refuses reuse unless repeatable', async () => {
    const setup = await setUpExportCase()
    await setup.cli(['mark', setup.caseId, setup.media[1], '--class', 'privacy', '--reason', '含身份证号码'])
    const once = await request(setup, '李娜', ['--items', setup.media[1]])
    await grant(setup, once, ['--include-confidential'])
    const zip = await exportTo(setup, once, 'copy.zip')
    expect(zip.exitCode, zip.stdout).toBe(0)
    expect(zip.json).toMatchObject({format: 'zip', skipped: []})
    expect(zip.json.files.map((file: {item: string; confidential: {class: string}}) => [file.item, file.confidential.class])).toEqual([
      [setup.media[1], 'privacy'],
    ])
    const verified = await setup.cli(['copy', 'verify', join(setup.outDir, 'copy.zip'), '--json'])
    expect(verified.json.ok).toBe(true)
    const reuse = await exportTo(setup, once, 'again.zip')
    expect([reuse.exitCode, reuse.json.error.code]).toEqual([4, 'APPROVAL_USED'])
    expect(existsSync(join(setup.outDir, 'again.zip'))).toBe(false)

    const repeatable = await request(setup, '李娜')
    await grant(setup, repeatable, ['--repeatable'])
    expect((await exportTo(setup, repeatable, 'r1')).exitCode).toBe(0)
    const second = await exportTo(setup, repeatable, 'r2')
    expect(second.exitCode).toBe(0)
    expect(second.json.skipped).toHaveLength(1)
    const audit = await setup.cli(['audit', 'log', '--action', 'export', '--json'])
    expect(audit.json.rows.map((row: {details: {approval: string}}) => row.details.approval)).toEqual([once, repeatable, repeatable])
  })

  it('refuses with exit 6 when a recorded file changed, and copies nothing', async () => {
    const setup = await setUpExportCase()
    const id = await request(setup)
    await grant(setup, id)
    const shown = await setup.cli(['copy', 'show', id, '--json'])
    expect(shown.json.items).toEqual([setup.document, ...setup.media])
    const media = await setup.cli(['media', 'list', setup.caseId, '--json'])
    const first = (media.json.media ?? media.json)[0] as {file: string}
    // Imported evidence may be stored read-only; someone with file access can still change it.
    chmodSync(join(setup.dir, first.file), 0o644)
    writeFileSync(join(setup.dir, first.file), '被改动的内容')
    const refused = await exportTo(setup, id, 'changed')
    expect([refused.exitCode, refused.json.error.code]).toEqual([6, 'EVIDENCE_CHANGED'])
    expect(existsSync(join(setup.outDir, 'changed'))).toBe(false)
    const again = await setup.cli(['copy', 'show', id, '--json'])
    expect(again.json.status).toBe('granted')
  })
})
