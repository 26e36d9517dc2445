import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {exitCodeFor} from '../../src/cli/exit-codes.js'
import {caseNewArgs, runCli} from '../helpers/cli.js'
import type {SigningAlgorithm} from '../../src/platform/signing/keys.js'
import {initWorkspace} from '../../src/workspace/workspace.js'
import {buildWorkspace, makeTempDir} from '../helpers/workspace-builder.js'

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

describe('init leaves no half workspace', () => {
  it('a failure after the folders were made removes them, and the next init succeeds', () => {
    const dir = join(makeTempDir(), 'ws')
    // An algorithm the key maker does not know fails inside init, after the database was opened.
    expect(() => initWorkspace({code: '珠卫', dir, keyAlgorithm: 'rsa' as SigningAlgorithm, unit: '珠晖区卫生健康局'})).toThrow()
    expect(existsSync(dir)).toBe(false)
    const ws = initWorkspace({code: '珠卫', dir, unit: '珠晖区卫生健康局'})
    ws.close()
    expect(existsSync(join(dir, 'zfjl.json'))).toBe(true)
  })

  it('refuses a 机关代字 that would break every 文号, before creating anything', async () => {
    const dir = join(makeTempDir(), 'ws')
    const result = await runCli(['init', dir, '--unit', '珠晖区卫生健康局', '--code', '珠〔卫', '--json'])
    expect(result.exitCode).toBe(exitCodeFor('usage'))
    expect(result.json.error.code).toBe('UNIT_INVALID')
    expect(existsSync(dir)).toBe(false)
  })

  it('without a terminal, lists the missing --unit and --code in one error', async () => {
    const result = await runCli(['init', join(makeTempDir(), 'ws'), '--json'])
    expect(result.exitCode).toBe(exitCodeFor('usage'))
    expect(result.json.error.message).toBe('创建工作区缺少：--unit（执法机构名称）；--code（机关代字）')
  })
})
