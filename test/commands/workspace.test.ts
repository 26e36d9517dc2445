import {existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {makeCase, makeTempDir, makeWorkspace, runCli, TEST_OFFICERS} from '../helpers/cli.js'

describe('zfjl init', () => {
  it('creates the catalog, the configuration and cases/', async () => {
    const dir = join(makeTempDir(), 'ws')
    const result = await runCli(['init', dir, '--unit', '珠晖区卫生健康局', '--code', '珠卫', '--officer', TEST_OFFICERS[0], '--json'])
    expect(result.exitCode).toBe(0)
    expect(result.json).toMatchObject({code: '珠卫', unit: '珠晖区卫生健康局', workspace: dir})
    expect(existsSync(join(dir, '.zfjl', 'zfjl.db'))).toBe(true)
    expect(statSync(join(dir, 'cases')).isDirectory()).toBe(true)
    const config = JSON.parse(readFileSync(join(dir, 'zfjl.json'), 'utf8'))
    expect(config.categoryCodes['penalty-decision']).toBe('罚')
    expect(config.officers).toEqual([{certNo: '44010020260001', name: '张伟'}])
    expect(config.policy).toMatchObject({statementPeriodDays: 3, summaryUploadDays: 1})
    expect(result.json.key).toMatchObject({algorithm: 'sm2', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/)})
    expect(statSync(join(dir, '.zfjl', 'keys')).isDirectory()).toBe(true)
  })

  it('creates an Ed25519 key on request', async () => {
    const dir = join(makeTempDir(), 'ws')
    const result = await runCli(['init', dir, '--unit', '珠晖区卫生健康局', '--code', '珠卫', '--key', 'ed25519', '--json'])
    expect(result.exitCode).toBe(0)
    expect(result.json.key.algorithm).toBe('ed25519')
  })

  it('refuses an existing workspace and changes nothing', async () => {
    const dir = await makeWorkspace()
    const configBefore = readFileSync(join(dir, 'zfjl.json'))
    const dbBefore = readFileSync(join(dir, '.zfjl', 'zfjl.db'))
    const headBefore = readFileSync(join(dir, '.zfjl', 'audit-head.json'), 'utf8')
    for (const json of [false, true]) {
     
      const again = await runCli(['init', dir, '--unit', '别的单位', '--code', '别', ...(json ? ['--json'] : [])])
      expect(again.exitCode).toBe(4)
      if (json) expect(again.json.error).toMatchObject({code: 'WORKSPACE_EXISTS', exitCode: 4})
      else expect(again.stderr).toContain('已经是 zfjl 工作区')
    }

    expect(readFileSync(join(dir, 'zfjl.json'))).toEqual(configBefore)
    expect(readFileSync(join(dir, '.zfjl', 'zfjl.db'))).toEqual(dbBefore)
    expect(readFileSync(join(dir, '.zfjl', 'audit-head.json'), 'utf8')).toBe(headBefore)
  })

  it('finds the workspace from --workspace, ZFJL_WORKSPACE, or by walking up', async () => {
    const dir = await makeWorkspace()
    const nested = join(dir, 'cases', 'deep', 'er')
    mkdirSync(nested, {recursive: true})
    expect((await runCli(['case', 'list', '--json'], {cwd: nested})).exitCode).toBe(0)
    expect((await runCli(['case', 'list', '--json'], {env: {ZFJL_WORKSPACE: dir}})).exitCode).toBe(0)
    expect((await runCli(['case', 'list', '--json', '--workspace', dir])).exitCode).toBe(0)
    const nowhere = await runCli(['case', 'list', '--json'], {cwd: makeTempDir()})
    expect(nowhere.exitCode).toBe(3)
    expect(nowhere.json.error.code).toBe('WORKSPACE_NOT_FOUND')
    expect(nowhere.json.error.message).toContain('zfjl init')
  })
})

describe('zfjl case new', () => {
  it.each(['permit', 'penalty-summary', 'penalty-general', 'inspection', 'coercion'])(
    'creates a %s case with its folders',
    async (procedure) => {
      const dir = await makeWorkspace()
      const id = await makeCase(dir, procedure)
      expect(id).toMatch(new RegExp(`^${new Date().getFullYear()}-0001$`))
      expect(readdirSync(join(dir, 'cases', id)).sort()).toEqual(['archive', 'documents', 'electronic', 'media'])
      const shown = await runCli(['case', 'show', id, '--json', '--workspace', dir])
      expect(shown.json).toMatchObject({
        id,
        officers: [
          {certNo: '44010020260001', name: '张伟'},
          {certNo: '44010020260002', name: '李娜'},
        ],
        parties: [{address: '衡阳市珠晖区东风路1号', idNumber: '91430405MA4L000000', name: '衡阳市某某足浴店'}],
        procedure,
        status: 'open',
      })
    },
  )

  it('filters the list by procedure and status', async () => {
    const dir = await makeWorkspace()
    const penalty = await makeCase(dir, 'penalty-general')
    const inspection = await makeCase(dir, 'inspection')
    await runCli(['case', 'close', inspection, '--workspace', dir])
    const open = await runCli(['case', 'list', '--status', 'open', '--json', '--workspace', dir])
    expect(open.json.cases.map((c: {id: string}) => c.id)).toEqual([penalty])
    const inspections = await runCli(['case', 'list', '--procedure', 'inspection', '--json', '--workspace', dir])
    expect(inspections.json.cases).toMatchObject([{id: inspection, status: 'closed'}])
    const table = await runCli(['case', 'list', '--workspace', dir])
    expect(table.stdout).toContain(penalty)
    expect(table.stdout).toContain('已结案')
  })
})

describe('zfjl case event', () => {
  it('records events, refuses bad ones, and corrects by superseding', async () => {
    const dir = await makeWorkspace()
    const id = await makeCase(dir)
    const ws = ['--workspace', dir, '--json']
    const filed = await runCli(['case', 'event', id, 'filed', '--at', '2026-03-02', ...ws])
    expect(filed.exitCode).toBe(0)
    // `case new` recorded 立案 when the case was made; the real date corrects that event instead of adding a second 立案.
    expect(filed.json).toMatchObject({at: '2026-03-02', event: 'filed', source: 'manual'})
    expect(filed.json.supersedes).toEqual(expect.any(Number))

    const unknown = await runCli(['case', 'event', id, 'filled', ...ws])
    expect(unknown.exitCode).toBe(2)
    expect(unknown.json.error.code).toBe('EVENT_UNKNOWN')
    for (const bad of ['2026-02-30', '2026-13-01', 'tomorrow', '2026-03-02T25:00']) {
      const result = await runCli(['case', 'event', id, 'filed', '--at', bad, ...ws])
      expect(result.exitCode).toBe(2)
      expect(result.json.error.code).toBe('DATE_INVALID')
    }

    const future = await runCli(['case', 'event', id, 'filed', '--at', `${new Date().getFullYear() + 1}-01-01`, ...ws])
    expect(future.exitCode).toBe(2)
    expect(future.json.error.code).toBe('DATE_IN_FUTURE')
    const pauseWithoutReason = await runCli(['case', 'event', id, 'pause-start', '--at', '2026-03-03', ...ws])
    expect(pauseWithoutReason.json.error.code).toBe('EVENT_NOTE_REQUIRED')

    const noReason = await runCli(['case', 'event', id, 'filed', '--at', '2026-03-03', '--supersedes', String(filed.json.id), ...ws])
    expect(noReason.exitCode).toBe(2)
    const corrected = await runCli(
      ['case', 'event', id, 'filed', '--at', '2026-03-03T10:15', '--supersedes', String(filed.json.id), '--reason', '立案日期录入错误', ...ws],
    )
    expect(corrected.exitCode).toBe(0)
    expect(corrected.json).toMatchObject({at: '2026-03-03T10:15:00+08:00', reason: '立案日期录入错误', supersedes: filed.json.id})
    const twice = await runCli(['case', 'event', id, 'filed', '--supersedes', String(filed.json.id), '--reason', 'x', ...ws])
    expect(twice.exitCode).toBe(4)

    const shown = await runCli(['case', 'show', id, ...ws])
    const timeline = shown.json.timeline as Array<{id: number; supersededBy: number | null}>
    expect(timeline).toHaveLength(3)
    expect(timeline.find((event) => event.id === filed.json.id)?.supersededBy).toBe(corrected.json.id)
  })

  it('closes a case once', async () => {
    const dir = await makeWorkspace()
    const id = await makeCase(dir)
    expect((await runCli(['case', 'close', id, '--workspace', dir])).exitCode).toBe(0)
    const again = await runCli(['case', 'close', id, '--workspace', dir, '--json'])
    expect(again.exitCode).toBe(4)
    expect(again.json.error.code).toBe('CASE_ALREADY_CLOSED')
    const missing = await runCli(['case', 'show', '2026-9999', '--workspace', dir, '--json'])
    expect(missing.exitCode).toBe(3)
  })
})

describe('a workspace config that is broken', () => {
  it('is reported in Chinese with a usage exit code', async () => {
    const dir = await makeWorkspace()
    writeFileSync(join(dir, 'zfjl.json'), '{not json')
    const result = await runCli(['case', 'list', '--workspace', dir, '--json'])
    expect(result.exitCode).toBe(2)
    expect(result.json.error.code).toBe('CONFIG_INVALID')
  })
})
