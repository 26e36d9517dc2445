import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {makeTempDir, runCli, spawnCli} from '../helpers/cli.js'

describe('zfjl demo', {timeout: 300_000}, () => {
  it('runs one case through every capability, finds the one deliberate gap, and refuses to run twice', async () => {
    const dir = join(makeTempDir(), 'demo')
    // `npx zfjl demo` is the first thing a new user runs: the real process, start to end.
    const result = await spawnCli(['demo', dir, '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.json.steps.map((step: {step: string}) => step.step)).toEqual([
      '创建工作区',
      '立案并记录程序事件',
      '文书：填写、编号、审批、送达',
      '音像资料：导入、关联步骤、交接、完整性校验',
      '缴纳罚款、结案、录入平台',
      '检查（zfjl check）',
      '归档：签名案卷、四性检测、光盘标签',
      '复制审批与导出（第四十六、四十七条）',
    ])
    const caseId = result.json.caseId as string
    const ws = ['--workspace', dir, '--json']

    const check = await runCli(['check', caseId, ...ws])
    expect(check.exitCode).toBe(1)
    expect(check.json.findings.filter((finding: {severity: string}) => finding.severity === 'error')).toMatchObject([
      {article: '本办法第二十八条', kind: 'av', subject: 'statement-heard'},
    ])

    const archives = readdirSync(join(dir, 'cases', caseId, 'archive')).filter((file) => file.endsWith('.zip'))
    expect(archives).toHaveLength(1)
    const verify = await runCli(['archive', 'verify', join(dir, 'cases', caseId, 'archive', archives[0]), ...ws])
    expect(verify.exitCode).toBe(0)
    expect((await runCli(['audit', 'verify', ...ws])).exitCode).toBe(0)
    expect((await runCli(['media', 'verify', caseId, ...ws])).exitCode).toBe(0)
    expect(existsSync(join(dir, 'exports'))).toBe(true)

    const again = await runCli(['demo', dir, '--json'])
    expect(again.exitCode).toBe(4)
    expect(again.json.error.code).toBe('DEMO_EXISTS')
  })
})
