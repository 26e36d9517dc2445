import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import Database from 'better-sqlite3'
import PizZip from 'pizzip'
import {execaSync} from 'execa'
import {beforeAll, describe, expect, it} from 'vitest'

import {DOCUMENT_TYPES} from '../../src/law/documents.js'
import {makeCase, makeTempDir, makeWorkspace, PROJECT_ROOT, runCli} from '../helpers/cli.js'
import {withSplitTag} from '../documents/core-fixture.js'

const DATA = join(PROJECT_ROOT, 'examples', 'documents', 'data')
const dataFile = (typeId: string) => join(DATA, `${typeId}.yaml`)

/** Documents, files and audit rows of a case: "nothing written" means all three are unchanged. */
const state = (ws: string, caseId: string) => {
  const db = new Database(join(ws, '.zfjl', 'zfjl.db'), {readonly: true})
  try {
    const count = (sql: string) => (db.prepare(sql).get() as {n: number}).n
    return {
      audit: count('SELECT COUNT(*) AS n FROM audit_log'),
      documents: count('SELECT COUNT(*) AS n FROM documents'),
      events: count('SELECT COUNT(*) AS n FROM events'),
      files: readdirSync(join(ws, 'cases', caseId, 'documents')).sort(),
    }
  } finally {
    db.close()
  }
}

describe('zfjl doc fill: all 40 types from the CLI without a TTY', {timeout: 600_000}, () => {
  let ws: string
  let caseId: string
  beforeAll(async () => {
    ws = await makeWorkspace()
    caseId = await makeCase(ws)
  })

  it.concurrent.each(DOCUMENT_TYPES.map((type) => [type.id, type.name]))('%s (%s) → a valid .docx with no tag left', async (typeId, name) => {
    const result = await runCli(['doc', 'fill', caseId, typeId, '--data', dataFile(typeId), '--date', '2026-04-01', '--workspace', ws, '--json'])
    expect(result.exitCode, result.stdout + result.stderr).toBe(0)
    expect(Object.keys(result.json).sort()).toEqual(['caseId', 'file', 'id', 'name', 'number', 'ok', 'schemaVersion', 'sha256', 'sm3', 'type'])
    expect(result.json).toMatchObject({caseId, name, ok: true, schemaVersion: 1, type: typeId})
    expect(result.json.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(result.json.sm3).toMatch(/^[0-9a-f]{64}$/)
    const type = DOCUMENT_TYPES.find((entry) => entry.id === typeId)!
    if (type.numbering === 'none') expect(result.json.number).toBeNull()
    else expect(result.json.number).toMatch(type.numbering === 'docno' ? /^珠卫.*〔2026〕\d+号$/ : /^2026-\d{3}$/)
    const zip = new PizZip(readFileSync(join(ws, result.json.file)))
    const xml = zip.file('word/document.xml')?.asText()
    expect(xml).toBeDefined()
    const text = xml!.replace(/<[^>]+>/g, '')
    expect(text).not.toMatch(/[{}]/)
    expect(text).toContain(name)
    // Every 文书 names the party or the case (案由/案件名称), filled from the case record.
    expect(text.includes('衡阳市某某足浴店') || text.includes('未取得卫生许可证从事公共场所经营活动'), text.slice(0, 200)).toBe(true)
  })
})

describe('zfjl doc numbering', {timeout: 600_000}, () => {
  it('keeps a voided number used and shows the void in list and show', async () => {
    const ws = await makeWorkspace()
    const caseId = await makeCase(ws)
    const cli = (args: string[]) => runCli([...args, '--workspace', ws, '--json'])
    const first = await cli(['doc', 'fill', caseId, 'penalty-prior-notice', '--data', dataFile('penalty-prior-notice')])
    const voided = await cli(['doc', 'void', caseId, first.json.number, '--reason', '拟处罚金额书写错误'])
    expect(voided.exitCode, voided.stdout).toBe(0)
    expect(voided.json.voided).toMatchObject({reason: '拟处罚金额书写错误'})
    const second = await cli(['doc', 'fill', caseId, 'penalty-prior-notice', '--data', dataFile('penalty-prior-notice')])
    expect(second.json.number).toBe(first.json.number.replace('1号', '2号'))
    const list = await cli(['doc', 'list', caseId])
    expect(list.json.documents.map((document: {number: string; voided: unknown}) => [document.number, document.voided !== null])).toEqual([
      [first.json.number, true],
      [second.json.number, false],
    ])
    expect(readFileSync(join(ws, first.json.file)).length).toBeGreaterThan(0)
    const again = await cli(['doc', 'void', caseId, first.json.id, '--reason', '再次'])
    expect([again.exitCode, again.json.error.code]).toEqual([4, 'DOC_VOIDED'])
    const human = await runCli(['doc', 'list', caseId, '--workspace', ws])
    expect(human.stdout).toContain('作废：拟处罚金额书写错误')
  })
})

describe('zfjl doc show', {timeout: 600_000}, () => {
  it('shows a list field on one line, its rows separated once even when they end in 「；」', async () => {
    const ws = await makeWorkspace()
    const caseId = await makeCase(ws)
    // The example's 处罚内容 rows are 「警告；」 and 「罚款人民币2000元。」, as written on the 文书.
    const filled = await runCli(['doc', 'fill', caseId, 'penalty-decision', '--data', dataFile('penalty-decision'), '--workspace', ws, '--json'])
    expect(filled.exitCode, filled.stdout).toBe(0)
    const shown = await runCli(['doc', 'show', caseId, filled.json.id, '--workspace', ws])
    expect(shown.stdout).toContain('处罚内容：警告；罚款人民币2000元')
    expect(shown.stdout).not.toContain('；；')
  })
})

describe('zfjl doc fill: bad input writes nothing', {timeout: 600_000}, () => {
  let ws: string
  let caseId: string
  beforeAll(async () => {
    ws = await makeWorkspace()
    caseId = await makeCase(ws)
    await runCli(['doc', 'fill', caseId, 'inquiry-record', '--data', dataFile('inquiry-record'), '--workspace', ws])
  })

  const scratch = makeTempDir('zfjl-doc-data-')
  const notJson = join(scratch, 'broken.json')
  writeFileSync(notJson, '{"facts": "经查", ')
  const notYaml = join(scratch, 'broken.yaml')
  writeFileSync(notYaml, 'facts: [经查\n  - : : :\n')
  const scalarYaml = join(scratch, 'scalar.txt')
  writeFileSync(scalarYaml, 'just some words')

  it.each([
    ['an unknown type', ['no-such-document', '--data', dataFile('penalty-decision')], 'DOC_TYPE_UNKNOWN', /未知的文书类型/],
    ['a date that does not exist', ['penalty-decision', '--data', dataFile('penalty-decision'), '--date', '2026-02-30'], 'DATE_INVALID', /2026-02-30/],
    ['a field date that does not exist', ['penalty-decision', '--data', dataFile('penalty-decision'), '--set', 'caseOpenDate=2026-02-30'], 'DOC_FIELDS_INVALID', /2026-02-30/],
    ['negative money', ['penalty-decision', '--data', dataFile('penalty-decision'), '--set', 'fineAmount=-5000'], 'DOC_FIELDS_INVALID', /不能为负数/],
    ['a --data file that is not JSON', ['penalty-decision', '--data', notJson], 'DATA_FILE_INVALID', /不是有效的 JSON 或 YAML/],
    ['a --data file that is not YAML', ['penalty-decision', '--data', notYaml], 'DATA_FILE_INVALID', /不是有效的 JSON 或 YAML/],
    ['a --data file that is not a mapping', ['penalty-decision', '--data', scalarYaml], 'DATA_FILE_INVALID', /JSON 对象或 YAML 映射/],
    ['a --data file that does not exist', ['penalty-decision', '--data', join(scratch, 'missing.yaml')], 'DATA_FILE_UNREADABLE', /无法读取/],
    ['missing required fields (no TTY)', ['penalty-decision'], 'DOC_FIELDS_INVALID', /违法事实（facts）.*处罚依据（penaltyBasis）/],
    // Named by its field, not by a flag the user never typed, with the way to correct it.
    ['a step time in the future', ['onsite-record', '--data', dataFile('onsite-record'), '--set', 'startTime=2099-01-01T09:00'], 'DOC_FIELDS_INVALID', /开始时间（startTime）「2099-01-01T09:00:00\+08:00」晚于当前时间.*--set key=value/],
    ['a 当场 fine over the 第五十一条 limit', ['summary-penalty-decision', '--data', dataFile('summary-penalty-decision'), '--set', 'fineAmount=3500'], 'DOC_LIMIT_EXCEEDED', /不得超过3000元.*行政处罚法》第五十一条/],
    ['a 查封 longer than thirty days', ['seizure-decision', '--data', dataFile('seizure-decision'), '--set', 'endDate=2026-05-01'], 'DOC_LIMIT_EXCEEDED', /不得超过三十日.*行政强制法》第二十五条/],
  ])('refuses %s: Chinese error, exit 2', async (_name, args, code, message) => {
    const before = state(ws, caseId)
    const json = await runCli(['doc', 'fill', caseId, ...args, '--workspace', ws, '--json'])
    expect(json.exitCode).toBe(2)
    expect(json.json.error.code).toBe(code)
    expect(json.json.error.message).toMatch(message)
    expect(state(ws, caseId)).toEqual(before)
  })

  it('prints the same error for people on stderr, with the same exit code', async () => {
    const human = await runCli(['doc', 'fill', caseId, 'penalty-decision', '--set', 'fineAmount=-1', '--workspace', ws])
    expect(human.exitCode).toBe(2)
    expect(human.stdout).toBe('')
    expect(human.stderr).toMatch(/^错误：《行政处罚决定书》未生成.*罚没款合计（元）（fineAmount）「-1」不能为负数/m)
  })

  it('refuses a workspace template with a split tag: exit 2, nothing written', async () => {
    const template = join(ws, 'templates', 'penalty-decision.docx')
    mkdirSync(join(ws, 'templates'), {recursive: true})
    writeFileSync(template, withSplitTag(readFileSync(join(PROJECT_ROOT, 'templates', 'penalty-decision.docx')), 'facts'))
    const before = state(ws, caseId)
    const result = await runCli(['doc', 'fill', caseId, 'penalty-decision', '--data', dataFile('penalty-decision'), '--workspace', ws, '--json'])
    expect([result.exitCode, result.json.error.code]).toEqual([2, 'TEMPLATE_INVALID'])
    expect(result.json.error.message).toContain('{facts}')
    expect(state(ws, caseId)).toEqual(before)
    const check = await runCli(['template', 'check', template, '--json'])
    expect(check.exitCode).toBe(1)
    expect(check.json.problems.map((problem: {kind: string}) => problem.kind)).toEqual(['split-tag'])
  })
})

describe('zfjl doc approve / serve / show', {timeout: 600_000}, () => {
  it('runs review → approve → serve, generating the 送达回证 and recording decision-served', async () => {
    const ws = await makeWorkspace()
    const caseId = await makeCase(ws)
    const cli = (args: string[]) => runCli([...args, '--workspace', ws, '--json'])
    expect((await cli(['people', 'add', '刘强', '--role', 'reviewer'])).exitCode).toBe(0)
    expect((await cli(['people', 'add', '王强', '--role', 'approver'])).exitCode).toBe(0)
    const decision = await cli(['doc', 'fill', caseId, '行政处罚决定书', '--data', dataFile('penalty-decision'), '--date', '2026-04-01', '--officer', '张伟'])
    expect(decision.exitCode, decision.stdout).toBe(0)

    const early = await cli(['doc', 'serve', caseId, decision.json.id, '--to', '王某', '--method', 'direct'])
    expect([early.exitCode, early.json.error.code]).toEqual([5, 'DOC_NOT_APPROVED'])
    const approveFirst = await cli(['doc', 'approve', caseId, decision.json.id, '--role', 'approve', '--by', '王强', '--officer', '王强'])
    expect([approveFirst.exitCode, approveFirst.json.error.code]).toEqual([4, 'REVIEW_REQUIRED'])
    const byDrafter = await cli(['doc', 'approve', caseId, decision.json.id, '--role', 'review', '--by', '张伟', '--officer', '张伟'])
    expect([byDrafter.exitCode, byDrafter.json.error.code]).toEqual([5, 'DRAFTER_CANNOT_APPROVE'])
    const wrongRole = await cli(['doc', 'approve', caseId, decision.json.id, '--role', 'review', '--by', '王强', '--officer', '王强'])
    expect([wrongRole.exitCode, wrongRole.json.error.code]).toEqual([5, 'ROLE_REQUIRED'])

    // Served after the document and both approvals are dated, as the law's order requires.
    const review = await cli(['doc', 'approve', caseId, decision.json.id, '--role', 'review', '--by', '刘强', '--officer', '刘强', '--opinion', '事实清楚，同意', '--at', '2026-04-01T15:00'])
    expect(review.exitCode, review.stdout).toBe(0)
    const approve = await cli(['doc', 'approve', caseId, decision.json.number, '--role', 'approve', '--by', '王强', '--officer', '王强', '--at', '2026-04-01T16:00'])
    expect(approve.json.approvals.map((approval: {role: string; by: string}) => [approval.role, approval.by])).toEqual([
      ['review', '刘强'],
      ['approve', '王强'],
    ])

    const served = await cli(['doc', 'serve', caseId, decision.json.id, '--to', '王某', '--method', 'direct', '--at', '2026-04-02T10:00'])
    expect(served.exitCode, served.stdout).toBe(0)
    expect(served.json.event).toMatchObject({at: '2026-04-02T10:00:00+08:00', event: 'decision-served'})
    expect(served.json.receipt).toMatchObject({type: 'service-receipt'})
    expect(readFileSync(join(ws, served.json.receipt.file)).length).toBeGreaterThan(0)

    const shown = await runCli(['doc', 'show', caseId, decision.json.number, '--workspace', ws])
    expect(shown.exitCode).toBe(0)
    expect(shown.stdout).toContain('审核：刘强')
    expect(shown.stdout).toContain('送达：王某，直接送达，2026-04-02T10:00:00+08:00')
    const badMethod = await cli(['doc', 'serve', caseId, decision.json.id, '--to', '王某', '--method', 'pigeon'])
    expect(badMethod.exitCode).toBe(2)
    const unknown = await cli(['doc', 'show', caseId, 'D99'])
    expect([unknown.exitCode, unknown.json.error.code]).toEqual([3, 'DOC_NOT_FOUND'])
  })

  it('says clearly that there is no PDF when LibreOffice is missing, and still makes the .docx', async () => {
    const ws = await makeWorkspace()
    const caseId = await makeCase(ws)
    const result = await runCli(['doc', 'fill', caseId, 'correction-order', '--data', dataFile('correction-order'), '--pdf', '--workspace', ws, '--json'], {
      env: {ZFJL_SOFFICE: 'zfjl-no-such-soffice'},
    })
    expect(result.exitCode).toBe(0)
    expect(result.json.pdf).toBeNull()
    expect(result.stderr).toContain('未安装 LibreOffice')
    expect(readFileSync(join(ws, result.json.file)).length).toBeGreaterThan(0)
  })

  const hasSoffice = (() => {
    try {
      execaSync('soffice', ['--version'], {timeout: 60_000})
      return true
    } catch {
      return false
    }
  })()
  if (!hasSoffice) process.stderr.write('跳过 --pdf 渲染测试：本机未安装 LibreOffice（soffice）\n')

  it.skipIf(!hasSoffice)('renders a PDF beside the .docx with LibreOffice when it is installed', async () => {
    const ws = await makeWorkspace()
    const caseId = await makeCase(ws)
    const result = await runCli(['doc', 'fill', caseId, 'seizure-list', '--data', dataFile('seizure-list'), '--pdf', '--workspace', ws, '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.json.pdf).toMatch(/01-seizure-list\.pdf$/)
    expect(existsSync(result.json.pdf)).toBe(true)
    expect(readFileSync(result.json.pdf).subarray(0, 5).toString()).toBe('%PDF-')
  })
})
