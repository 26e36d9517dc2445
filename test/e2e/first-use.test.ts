import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {makeWorkspace, runCli} from '../helpers/cli.js'
import {hasPython, runInPty} from '../helpers/pty.js'

const DOWN = '\u001B[B'
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
    const caseId = /已新建案件 (\d{4}-\d{4})/.exec(result.output)?.[1]
    const shown = await runCli(['case', 'show', caseId!, '-w', workspace, '--json'], {env})
    expect(shown.json.officers).toEqual([
      {certNo: '44010020260001', name: '张伟'},
      {certNo: '44010020260002', name: '李娜'},
    ])
  })

  it('Ctrl-C at the officers checkbox exits 130 and writes no case', async () => {
    const before = cases()
    const result = await runInPty(caseArgs(), [{expect: '承办执法人员', send: CTRL_C}], env)
    expect(result.exitCode).toBe(130)
    expect(result.output).not.toMatch(/错误|Error|SIGINT/)
    expect(cases()).toEqual(before)
  })
})
