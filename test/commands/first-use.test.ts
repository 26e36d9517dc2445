import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {exitCodeFor} from '../../src/cli/exit-codes.js'
import {caseNewArgs, runCli} from '../helpers/cli.js'
import {buildWorkspace} from '../helpers/workspace-builder.js'

describe('case new: officers come from the roster', () => {
  let workspace: string
  beforeAll(() => {
    const ws = buildWorkspace()
    workspace = ws.root
    ws.close()
  })

  it('refuses an officer not on the roster, suggests the close name, and writes nothing', async () => {
    const args = caseNewArgs(workspace).map((arg) => (arg === '李娜:44010020260002' ? '李那' : arg))
    const result = await runCli(args)
    expect(result.exitCode).toBe(exitCodeFor('forbidden'))
    expect(result.stdout.trim().split('\n').filter((line) => line.startsWith('{'))).toHaveLength(1)
    expect(result.json.ok).toBe(false)
    expect(result.json.error.code).toBe('OFFICER_UNKNOWN')
    expect(result.json.error.message).toContain('李那 不在工作区人员名单中')
    expect(result.json.error.message).toContain('你是不是要输入：李娜？')
    expect(result.json.error.details.suggestions).toEqual(['李娜'])
    expect(readdirSync(join(workspace, 'cases'))).toEqual([])
  })

  it('takes names alone and finds their 执法证号', async () => {
    const args = caseNewArgs(workspace).map((arg) => arg.replace(/:\d+$/, ''))
    const result = await runCli(args)
    expect(result.exitCode).toBe(0)
    expect(result.json.officers).toEqual([
      {certNo: '44010020260001', name: '张伟'},
      {certNo: '44010020260002', name: '李娜'},
    ])
  })
})
