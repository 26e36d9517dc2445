import Database from 'better-sqlite3'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {MASKED} from '../../src/access/confidential-view.js'
import {type ExportCase, setUpExportCase} from './export-setup.js'

/** Every table's row count and the audit head (row and file): what a refusal must leave as it found. */
const snapshot = (dir: string): Record<string, unknown> => {
  const db = new Database(join(dir, '.zfjl', 'zfjl.db'), {readonly: true})
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{name: string}>).map((row) => row.name)
    return {
      auditHead: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get(),
      auditHeadFile: readFileSync(join(dir, '.zfjl', 'audit-head.json'), 'utf8'),
      counts: Object.fromEntries(tables.map((table) => [table, (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as {n: number}).n])),
    }
  } finally {
    db.close()
  }
}

describe('who may do what: each refusal exits 5 with its own code and changes nothing', {timeout: 900_000}, () => {
  let setup: ExportCase
  let lina: string
  let wangqiang: string
  const ok = async (args: string[]) => {
    const result = await setup.cli([...args, '--json'])
    expect(result.exitCode, result.stdout + result.stderr).toBe(0)
    return result.json
  }

  beforeAll(async () => {
    setup = await setUpExportCase()
    await ok(['people', 'add', '赵敏', '--role', 'reviewer', '--role', 'approver'])
    await ok(['people', 'add', '陈静', '--role', 'custodian'])
    await ok(['people', 'add', '孙丽', '--role', 'officer', '--cert', '44010020260009'])
    await ok(['people', 'deactivate', '孙丽', '--reason', '调离本单位'])
    await ok(['doc', 'approve', setup.caseId, setup.document, '--role', 'review', '--officer', '赵敏'])
    await ok(['mark', setup.caseId, setup.document, setup.media[1], '--class', 'privacy', '--reason', '含当事人身份证号、电话'])
    lina = (await ok(['copy', 'request', setup.caseId, '--all', '--purpose', '行政复议答复', '--officer', '李娜'])).id
    wangqiang = (await ok(['copy', 'request', setup.caseId, '--all', '--purpose', '法院调卷', '--officer', '王强'])).id
  })

  const refusals: Array<[string, () => string[], string]> = [
    ['an unknown actor', () => ['case', 'event', setup.caseId, 'filed', '--officer', '不存在的人'], 'ACTOR_UNKNOWN'],
    ['a deactivated actor', () => ['case', 'event', setup.caseId, 'filed', '--officer', '孙丽'], 'ACTOR_INACTIVE'],
    ['a requester granting in the head\'s name', () => ['copy', 'grant', lina, '--by', '王强', '--include-confidential', '--officer', '李娜'], 'ACTS_FOR_OTHER'],
    ['a request in the name of someone unknown', () => ['copy', 'request', setup.caseId, '--all', '--purpose', '复议', '--by', '不存在的人'], 'ACTS_FOR_OTHER'],
    ['a grant by someone who is not a head', () => ['copy', 'grant', lina, '--officer', '李娜'], 'ROLE_REQUIRED'],
    ['a head granting his own request', () => ['copy', 'grant', wangqiang, '--officer', '王强'], 'GRANTOR_IS_REQUESTER'],
    ['the drafter reviewing his own document', () => ['doc', 'approve', setup.caseId, setup.document, '--role', 'review', '--officer', '张伟'], 'DRAFTER_CANNOT_APPROVE'],
    ['the reviewer approving the same document', () => ['doc', 'approve', setup.caseId, setup.document, '--role', 'approve', '--officer', '赵敏'], 'REVIEWER_CANNOT_APPROVE'],
    ['an approval recorded in someone else\'s name', () => ['doc', 'approve', setup.caseId, setup.document, '--role', 'approve', '--by', '王强', '--officer', '张伟'], 'ACTS_FOR_OTHER'],
    ['a handover received in the custodian\'s name', () => ['media', 'handover', setup.caseId, '--from', '张伟', '--to', '陈静', '--all-pending'], 'ACTS_FOR_OTHER'],
    ['unmarking by someone who is not a head', () => ['unmark', setup.caseId, setup.media[1], '--approval', lina, '--reason', '已脱敏', '--officer', '李娜'], 'ROLE_REQUIRED'],
    ['an officer registering a head', () => ['people', 'add', '假局长', '--role', 'head', '--officer', '李娜'], 'PEOPLE_ADMIN_REQUIRED'],
    ['a head giving himself a role', () => ['people', 'add', '王强', '--role', 'approver', '--officer', '王强'], 'SELF_ROLE_CHANGE'],
    ['an officer reactivating someone', () => ['people', 'reactivate', '孙丽', '--reason', '调回', '--officer', '李娜'], 'PEOPLE_ADMIN_REQUIRED'],
    ['case officers who are not in the roster', () => caseNew('张三:1', '张三:2'), 'OFFICER_UNKNOWN'],
    ['a certificate number that contradicts the roster', () => caseNew('张伟:44019999999999', '李娜'), 'OFFICER_CERT_MISMATCH'],
    ['the same officer twice', () => caseNew('张伟', '张伟:44010020260001'), 'OFFICER_DUPLICATE'],
    ['a forced archive by someone who is not a head', () => ['archive', 'pack', setup.caseId, '--force', '--reason', '先行归档', '--out', join(setup.outDir, 'forced.zip')], 'FORCE_REQUIRES_HEAD'],
  ]

  it.each(refusals)('refuses %s', async (_name, args, code) => {
    const before = snapshot(setup.dir)
    const json = await setup.cli([...args(), '--json'])
    expect([json.exitCode, json.json?.error?.code], json.stdout + json.stderr).toEqual([5, code])
    expect(json.json.error.kind).toBe('forbidden')
    const human = await setup.cli(args())
    expect(human.exitCode).toBe(5)
    expect(human.stdout).toBe('')
    expect(human.stderr).toContain(`错误：${json.json.error.message}`)
    expect(snapshot(setup.dir)).toEqual(before)
  })

  it('tells an unknown actor how to register', async () => {
    const result = await setup.cli(['case', 'list', '--officer', '不存在的人', '--json'])
    expect(result.json.error.message).toContain('zfjl people add')
  })

  it('masks marked items for those who may not see them, and shows them to a head or a granted requester', async () => {
    const fieldsOf = (json: {documents: Array<{id: string; fields: Record<string, unknown>; masked: boolean}>}) =>
      json.documents.find((document) => document.id === setup.document)!
    const asOfficer = await ok(['case', 'show', setup.caseId, '--officer', '李娜'])
    expect(fieldsOf(asOfficer).masked).toBe(true)
    expect(Object.values(fieldsOf(asOfficer).fields).every((value) => value === MASKED)).toBe(true)
    expect(JSON.stringify(asOfficer)).not.toContain('未取得公共场所卫生许可证擅自营业')
    expect(fieldsOf(await ok(['doc', 'list', setup.caseId, '--officer', '李娜'])).masked).toBe(true)
    const shown = await setup.cli(['doc', 'show', setup.caseId, setup.document, '--officer', '李娜'])
    expect(shown.stdout).toContain('内容已屏蔽')
    expect(shown.stdout).not.toContain('未取得公共场所卫生许可证擅自营业')
    const media = await ok(['media', 'show', setup.caseId, setup.media[1], '--officer', '李娜'])
    expect(media).toMatchObject({gps: null, masked: true, sourcePath: MASKED})

    const asHead = await ok(['doc', 'show', setup.caseId, setup.document, '--officer', '王强'])
    expect([asHead.masked, asHead.fields.facts]).toEqual([false, '未取得公共场所卫生许可证擅自营业'])
    await ok(['copy', 'grant', lina, '--include-confidential', '--officer', '刘芳'])
    const granted = await ok(['doc', 'show', setup.caseId, setup.document, '--officer', '李娜'])
    expect([granted.masked, granted.fields.facts]).toEqual([false, '未取得公共场所卫生许可证擅自营业'])
    expect((await ok(['media', 'show', setup.caseId, setup.media[1], '--officer', '李娜'])).masked).toBe(false)
  })
})

const caseNew = (...officers: string[]): string[] => [
  'case',
  'new',
  '--procedure',
  'inspection',
  '--title',
  '日常监督检查',
  '--party',
  '某某宾馆',
  ...officers.flatMap((officer) => ['--officer', officer]),
]
