import Database from 'better-sqlite3'
import {existsSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {makeCase, makeTempDir, makeWorkspace, runCli} from '../helpers/cli.js'
import {tamperCatalog} from '../helpers/tamper.js'

/** What someone with file access could do: drop the append-only triggers and rewrite history. */
const tamper = (workspace: string, sql: string): void => tamperCatalog(join(workspace, '.zfjl', 'zfjl.db'), sql)

const workspaceWithHistory = async (): Promise<string> => {
  const dir = await makeWorkspace()
  const id = await makeCase(dir)
  // case new records the 立案 itself (dated today); recording 'filed' again with the real date supersedes it.
  for (const [event, at] of [
    ['filed', '2026-03-02'],
    ['platform-filed', '2026-03-04'],
    ['investigation', '2026-03-05'],
  ]) {
    await runCli(['case', 'event', id, event, '--at', at, '--workspace', dir])
  }

  return dir
}

describe('zfjl audit', () => {
  it('logs every change with actor, OS user and the chain hashes', async () => {
    const dir = await workspaceWithHistory()
    const log = await runCli(['audit', 'log', '--json', '--workspace', dir])
    expect(log.exitCode).toBe(0)
    const rows = log.json.rows as Array<{seq: number; action: string; actor: string; osUser: string; subject: string; prevHash: string; hash: string}>
    expect(rows.map((row) => row.action)).toEqual([
      'workspace.init',
      'key.create',
      'case.new',
      'case.event',
      'case.event.supersede',
      'case.event',
      'case.event',
    ])
    expect(rows[0].prevHash).toBe('0'.repeat(64))
    for (let index = 1; index < rows.length; index++) expect(rows[index].prevHash).toBe(rows[index - 1].hash)
    const caseNew = rows[2]
    expect(caseNew.actor).toBe('张伟')
    expect(caseNew.osUser.length).toBeGreaterThan(0)

    const caseId = caseNew.subject
    const byOfficer = await runCli(['case', 'event', caseId, 'inquiry', '--officer', '李娜', '--workspace', dir, '--json'])
    expect(byOfficer.json.actor).toBe('李娜')
    const fromEnvironment = await runCli(['case', 'event', caseId, 'inquiry', '--workspace', dir, '--json'], {env: {ZFJL_OFFICER: '李娜'}})
    expect(fromEnvironment.json.actor).toBe('李娜')

    const onlyEvents = await runCli(['audit', 'log', '--action', 'case.event', '--case', caseId, '--json', '--workspace', dir])
    // 立案 from case new, its supersede, two events, two 询问 (the action filter matches case.event.*)
    expect(onlyEvents.json.rows).toHaveLength(6)
    expect((await runCli(['audit', 'verify', '--workspace', dir])).exitCode).toBe(0)
  })

  it.each([
    ['editing a row', "UPDATE audit_log SET actor = '冒名' WHERE seq = 3", 3, 'hash-mismatch'],
    ['deleting a middle row', 'DELETE FROM audit_log WHERE seq = 2', 2, 'sequence-gap'],
    ['deleting the newest row', 'DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)', 7, 'head-mismatch'],
    ['reordering two rows', 'UPDATE audit_log SET seq = -seq WHERE seq IN (3, 4); UPDATE audit_log SET seq = 4 WHERE seq = -3; UPDATE audit_log SET seq = 3 WHERE seq = -4', 3, 'link-broken'],
  ])('fails after %s, naming the first broken row', async (_label, sql, brokenSeq, kind) => {
    const dir = await workspaceWithHistory()
    tamper(dir, sql)
    const verify = await runCli(['audit', 'verify', '--json', '--workspace', dir])
    expect(verify.exitCode).toBe(1)
    expect(verify.json.ok).toBe(false)
    expect(verify.json.firstBroken).toMatchObject({kind, seq: brokenSeq})
    const human = await runCli(['audit', 'verify', '--workspace', dir])
    expect(human.exitCode).toBe(1)
    expect(human.stdout).toContain('审计链已被破坏')
  })

  it('refuses to change history through SQL without dropping the guards', async () => {
    const dir = await workspaceWithHistory()
    const db = new Database(join(dir, '.zfjl', 'zfjl.db'))
    expect(() => db.exec("UPDATE audit_log SET actor = 'x' WHERE seq = 1")).toThrow(/不可修改/)
    expect(() => db.exec('DELETE FROM events')).toThrow(/不可删除/)
    db.close()
  })
})

describe('audit verify and audit log in a folder with zfjl.json but no database', () => {
  it('refuse (WORKSPACE_INCOMPLETE, exit 3) without creating a database there', async () => {
    const dir = makeTempDir('zfjl-no-db-')
    writeFileSync(join(dir, 'zfjl.json'), JSON.stringify({code: '珠卫', unit: '某单位'}))
    for (const command of [['audit', 'verify'], ['audit', 'log']]) {
      const result = await runCli([...command, '--workspace', dir, '--json'])
      expect([result.exitCode, result.json.error.code]).toEqual([3, 'WORKSPACE_INCOMPLETE'])
    }

    expect(existsSync(join(dir, '.zfjl', 'zfjl.db'))).toBe(false)
  })
})
