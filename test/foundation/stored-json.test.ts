import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {addHead, makeCase, makeTempDir, makeWorkspace, runCli} from '../helpers/cli.js'
import {tamperCatalog} from '../helpers/tamper.js'
import {buildWav} from '../media/media-builders.js'

/** A JSON column rewritten by hand into something that does not parse: every reader refuses with exit 6, naming the row. */
const expectRefusal = async (ws: string, args: string[], where: string) => {
  const result = await runCli([...args, '--workspace', ws, '--json'])
  expect(result.exitCode, `${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(6)
  expect(result.json.error).toMatchObject({code: 'STORED_JSON_INVALID', kind: 'integrity'})
  expect(result.json.error.message).toContain(where)
  expect(result.json.error.message).toContain('zfjl audit verify')
}

const database = (ws: string) => join(ws, '.zfjl', 'zfjl.db')

describe('unparsable JSON in the catalog', () => {
  let ws: string
  let caseId: string
  let mediaId: string
  let requestId: string
  let asHead: string[]
  beforeAll(async () => {
    ws = await makeWorkspace()
    asHead = await addHead(ws)
    caseId = await makeCase(ws)
    const source = join(makeTempDir('zfjl-json-'), 'talk.wav')
    writeFileSync(source, buildWav({durationSec: 0.2, sampleRate: 8000}))
    const added = await runCli(['media', 'add', caseId, source, '--workspace', ws, '--json'])
    expect(added.exitCode, added.stdout + added.stderr).toBe(0)
    mediaId = added.json.added[0].id
    const request = await runCli(['copy', 'request', caseId, '--all', '--purpose', '行政复议答复', '--officer', '张伟', '--workspace', ws, '--json'])
    expect(request.exitCode, request.stdout + request.stderr).toBe(0)
    requestId = request.json.id
  })

  it.each(['warnings', 'gps', 'format_problem'])('media.%s: media list/show (check where it reads it) refuse (exit 6) instead of failing internally, and pack refuses the edited row', async (column) => {
    tamperCatalog(database(ws), `UPDATE media SET ${column} = 'nope{' WHERE id = ?`, mediaId)
    const where = `media 表 ${mediaId} 的 ${column} 列`
    await expectRefusal(ws, ['media', 'list', caseId], where)
    await expectRefusal(ws, ['media', 'show', caseId, mediaId], where)
    if (column === 'format_problem') await expectRefusal(ws, ['check', caseId], where)
    // Pack first compares the case's rows with the audit chain: the edited row is refused as such.
    const packed = await runCli(['archive', 'pack', caseId, '--out', join(makeTempDir('zfjl-json-out-'), 'a.zip'), '--force', '--reason', '测试', ...asHead, '--workspace', ws, '--json'])
    expect([packed.exitCode, packed.json.error.code]).toEqual([6, 'RECORD_UNAUDITED'])
    expect(packed.json.error.message).toContain(`音像文件 ${mediaId}`)
    tamperCatalog(database(ws), `UPDATE media SET ${column} = ? WHERE id = ?`, column === 'warnings' ? '[]' : null, mediaId)
  })

  it('copy_requests.items: copy list and copy show refuse (exit 6)', async () => {
    tamperCatalog(database(ws), "UPDATE copy_requests SET items = 'nope' WHERE id = ?", requestId)
    const where = `copy_requests 表 ${requestId} 的 items 列`
    await expectRefusal(ws, ['copy', 'list', caseId], where)
    await expectRefusal(ws, ['copy', 'show', requestId], where)
  })
})

describe('unparsable audit_log.details', () => {
  it('audit log refuses (exit 6); audit verify reports the row as tampered (exit 1) and lists it', async () => {
    const ws = await makeWorkspace()
    await makeCase(ws)
    const seq = 2
    tamperCatalog(database(ws), "UPDATE audit_log SET details = '{broken' WHERE seq = ?", seq)

    await expectRefusal(ws, ['audit', 'log'], `audit_log 表第 ${seq} 条的 details 列`)
    const verify = await runCli(['audit', 'verify', '--workspace', ws, '--json'])
    expect(verify.exitCode, verify.stdout + verify.stderr).toBe(1)
    expect(verify.json.ok).toBe(false)
    expect(verify.json.problems).toContainEqual(expect.objectContaining({kind: 'hash-mismatch', seq}))
    const human = await runCli(['audit', 'verify', '--workspace', ws])
    expect(human.exitCode).toBe(1)
    expect(human.stdout).toContain(`第 ${seq} 条审计记录的详情（details）不是有效的 JSON`)
  })
})
