import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {makeTempDir, makeWorkspace, runCli} from '../helpers/cli.js'

describe('zfjl calendar', () => {
  // Outside any workspace: the desk tool still works on the built-in data.
  const cwd = makeTempDir()

  it.each([
    ['2026-10-01', {date: '2026-10-01', provisional: false, reason: '国庆节', workday: false}],
    ['2026-10-10', {date: '2026-10-10', provisional: false, reason: '调休上班（国庆节）', workday: true}],
    ['2027-01-01', {date: '2027-01-01', provisional: true, reason: '元旦（暂定）', workday: false}],
  ])('%s --json', async (date, expected) => {
    const result = await runCli(['calendar', date, '--json'], {cwd})
    expect(result.exitCode).toBe(0)
    expect(result.json).toEqual({ok: true, schemaVersion: 1, ...expected})
    expect(Object.keys(result.json)).toEqual(['schemaVersion', 'ok', 'date', 'workday', 'reason', 'provisional'])
  })

  it.each([
    ['2026-09-29', '5wd', '2026-10-12', false],
    ['2026-02-12', '7wd', '2026-02-28', false],
    ['2026-09-20', '15cd', '2026-10-08', false],
    ['2026-12-28', '5wd', '2027-01-05', true],
  ])('%s --add %s → %s', async (from, add, due, provisional) => {
    const result = await runCli(['calendar', from, '--add', add, '--json'], {cwd})
    expect(result.exitCode).toBe(0)
    expect(result.json).toEqual({add, due, from, ok: true, provisional, schemaVersion: 1})
    expect(Object.keys(result.json)).toEqual(['schemaVersion', 'ok', 'from', 'add', 'due', 'provisional'])
  })

  it('explains itself for people', async () => {
    const result = await runCli(['calendar', '2026-12-28', '--add', '5wd'], {cwd})
    expect(result.stdout).toContain('2027-01-05')
    expect(result.stdout).toContain('暂定')
  })

  it.each([
    [['calendar', '2026-02-30'], 'DATE_INVALID'],
    [['calendar', 'tomorrow'], 'DATE_INVALID'],
    [['calendar', '2026-03-02', '--add', '5 weeks'], 'ADD_INVALID'],
  ])('bad input %j exits 2', async (args, code) => {
    const result = await runCli([...args, '--json'], {cwd})
    expect(result.exitCode).toBe(2)
    expect(result.json.error.code).toBe(code)
  })

  it('uses the workspace calendar files, and refuses a malformed one', async () => {
    const workspace = await makeWorkspace()
    mkdirSync(join(workspace, 'calendar'))
    writeFileSync(join(workspace, 'calendar', '2027.json'), JSON.stringify({holidays: [{date: '2027-01-04', name: '测试假日'}], workdays: [], year: 2027}))
    const day = await runCli(['calendar', '2027-01-04', '--workspace', workspace, '--json'])
    expect(day.json).toEqual({date: '2027-01-04', ok: true, provisional: false, reason: '测试假日', schemaVersion: 1, workday: false})
    const inside = await runCli(['calendar', '2027-01-01', '--json'], {cwd: join(workspace, 'calendar')})
    expect(inside.json).toMatchObject({provisional: false, workday: true})
    writeFileSync(join(workspace, 'calendar', '2027.json'), '{"year": 2026}')
    const broken = await runCli(['calendar', '2027-01-04', '--workspace', workspace, '--json'])
    expect(broken.exitCode).toBe(2)
    expect(broken.json.error.message).toContain('2027.json')
  })
})
