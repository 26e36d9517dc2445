import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {caseNewArgs, makeTempDir, makeWorkspace, PROJECT_ROOT, runCli, TEST_OFFICERS} from '../helpers/cli.js'
import {hasPython, runInPty} from '../helpers/pty.js'

const DOWN = '\u001B[B'
const UP = '\u001B[A'
const CTRL_C = '\u0003'

describe.skipIf(!hasPython)('first use at a terminal (pseudo-terminal, real keys)', () => {
  let workspace: string
  const env = {ZFJL_OFFICER: '张伟'}
  const caseArgs = () => ['case', 'new', '-w', workspace, '--procedure', 'penalty-general', '--title', '未取得卫生许可证从事公共场所经营', '--party', '衡阳市某某足浴店', '--party-type', 'organization']
  const cases = () => readdirSync(join(workspace, 'cases'))

  beforeAll(async () => {
    workspace = await makeWorkspace()
  }, 120_000)

  it('case new ticks the officers on the roster: one alone is refused in the prompt, two are taken', async () => {
    const result = await runInPty(caseArgs(), [
      // The acting officer comes ticked; Enter with only that one is refused inside the prompt.
      {expect: '承办执法人员', send: '\r'},
      {expect: '请至少选择 2 名执法人员', send: `${DOWN} `},
      {expect: '李娜（44010020260002）', send: '\r'},
    ], env)
    expect(result.timedOut).toBeNull()
    expect(result.exitCode).toBe(0)
    expect(result.output).toContain('↑↓ 移动，空格 选中/取消，a 全选，i 反选，回车 确认')
    const caseId = /已新建案件 (\d{4}-\d{4})/.exec(result.output)?.[1]
    const shown = await runCli(['case', 'show', caseId!, '-w', workspace, '--json'], {env})
    expect(shown.json.officers).toEqual([
      {certNo: '44010020260001', name: '张伟'},
      {certNo: '44010020260002', name: '李娜'},
    ])
  })

  it('case new asks 程序 and 当事人类型 as choices, in Chinese; an empty 案由 is refused in Chinese', async () => {
    const result = await runInPty(['case', 'new', '-w', workspace, '--officer', '张伟', '--officer', '李娜'], [
      // Procedures in the catalog's order: permit, penalty-summary, penalty-general (default), inspection, coercion.
      {expect: '回车 选定', send: DOWN},
      {expect: '行政检查（inspection）', send: '\r'},
      {expect: '案由', send: '\r'},
      {expect: '不能为空', send: '未按规定公示卫生信息\r'},
      {expect: '当事人', send: '衡阳市某某宾馆\r'},
      // 个人 is listed first, 单位 second and the default: one up is 个人.
      {expect: '个人（公民，person）', send: `${UP}\r`},
    ], env)
    expect(result.timedOut).toBeNull()
    expect(result.exitCode).toBe(0)
    expect(result.output).toContain('↑↓ 移动，回车 选定')
    expect(result.output).not.toMatch(/navigate|You must provide/)
    const caseId = /已新建案件 (\d{4}-\d{4})/.exec(result.output)?.[1]
    const shown = await runCli(['case', 'show', caseId!, '-w', workspace, '--json'], {env})
    expect(shown.json).toMatchObject({procedure: 'inspection', title: '未按规定公示卫生信息'})
    expect(shown.json.parties[0]).toMatchObject({name: '衡阳市某某宾馆', type: 'person'})
  })

  it('Ctrl-C at the officers checkbox exits 130 and writes no case', async () => {
    const before = cases()
    const result = await runInPty(caseArgs(), [{expect: '承办执法人员', send: CTRL_C}], env)
    expect(result.exitCode).toBe(130)
    expect(result.output).not.toMatch(/错误|Error|SIGINT/)
    expect(cases()).toEqual(before)
  })
})

describe.skipIf(!hasPython)('zfjl init at a terminal (pseudo-terminal, real keys)', () => {
  const initArgs = (dir: string) => ['init', dir, '--identity', 'declared', ...TEST_OFFICERS.flatMap((officer) => ['--officer', officer])]

  it('asks the unit, its code and the first people with roles; the first 文书 can then be reviewed', async () => {
    const dir = join(makeTempDir(), 'ws')
    const result = await runInPty(initArgs(dir), [
      {expect: '执法机构名称', send: '珠晖区卫生健康局\r'},
      // A code with a bracket would break every 文号: refused inside the prompt, then corrected.
      {expect: '机关代字', send: '珠〔卫\r'},
      {expect: '不能含空格或括号', send: '\u007F\u007F卫\r'},
      {expect: '现在登记人员', send: '\r'},
      {expect: '第 1 位人员的姓名', send: '张伟\r'},
      {expect: '张伟 已用 --officer 登记为执法人员', send: '\u007F\u007F王强\r'},
      // Roles: 执法人员, 审核人, 批准人, 执法机构负责人, 档案管理员; tick the middle three.
      {expect: '王强 的角色', send: `${DOWN} ${DOWN} ${DOWN} `},
      {expect: '◉ 执法机构负责人', send: '\r'},
      // Two officers (flags) and a reviewer, approver and head: the roster is complete, so Enter means no.
      {expect: '再加一位人员', send: '\r'},
    ])
    expect(result.timedOut).toBeNull()
    expect(result.exitCode).toBe(0)
    expect(result.output).toContain('下一步：zfjl case new')

    const people = await runCli(['people', 'list', '-w', dir, '--json'], {env: {ZFJL_OFFICER: '张伟'}})
    expect(people.json.people.find((person: {name: string}) => person.name === '王强').roles).toEqual(['reviewer', 'approver', 'head'])
    const env = {ZFJL_OFFICER: '张伟'}
    const created = await runCli([...caseNewArgs(dir), '--party-type', 'organization'], {env})
    const caseId = created.json.id as string
    const notice = join(PROJECT_ROOT, 'examples', 'documents', 'data', 'penalty-prior-notice.yaml')
    expect((await runCli(['doc', 'fill', caseId, 'penalty-prior-notice', '--data', notice, '-w', dir, '--json'], {env})).exitCode).toBe(0)
    const reviewed = await runCli(['doc', 'approve', caseId, 'D01', '--role', 'review', '-w', dir, '--json'], {env: {ZFJL_OFFICER: '王强'}})
    expect(reviewed.exitCode).toBe(0)
    expect(reviewed.json.approvals[0].by).toBe('王强')
  })

  it('Ctrl-C among the people questions exits 130 and leaves no workspace behind', async () => {
    const dir = join(makeTempDir(), 'ws')
    const result = await runInPty([...initArgs(dir), '--unit', '珠晖区卫生健康局', '--code', '珠卫'], [
      {expect: '现在登记人员', send: '\r'},
      {expect: '第 1 位人员的姓名', send: '王强\r'},
      {expect: '王强 的角色', send: CTRL_C},
    ])
    expect(result.exitCode).toBe(130)
    expect(result.output).not.toMatch(/错误|Error|SIGINT/)
    expect(existsSync(dir)).toBe(false)
  })
})
