import {beforeAll, describe, expect, it} from 'vitest'

import {makeCase, makeWorkspace, runCli} from '../helpers/cli.js'

describe('zfjl deadlines', () => {
  let workspace: string
  let seizureCase: string

  beforeAll(async () => {
    workspace = await makeWorkspace()
    seizureCase = await makeCase(workspace, 'coercion')
    for (const args of [
      ['seizure', '--at', '2026-09-05'],
      ['pause-start', '--at', '2026-09-10', '--note', '样品送检'],
      ['pause-end', '--at', '2026-09-15'],
    ]) {
      const result = await runCli(['case', 'event', seizureCase, ...args, '--workspace', workspace, '--json'])
      expect(result.exitCode).toBe(0)
    }
  }, 600_000)

  it('a pause recorded through the CLI stops the seizure clock (no roll)', async () => {
    const result = await runCli(['deadlines', seizureCase, '--as-of', '2026-10-06', '--workspace', workspace, '--json'])
    expect(result.exitCode).toBe(0)
    expect(result.json).toMatchObject({asOf: '2026-10-06', case: seizureCase})
    const row = result.json.deadlines.find((candidate: {rule: string}) => candidate.rule === 'seizure-limit')
    expect(row).toMatchObject({due: '2026-10-10', limit: 30, provisional: false, status: 'pending', unit: 'cd'})
    expect(row.article).toContain('行政强制法 第二十五条')
  })

  it('prints a table with Chinese statuses and articles', async () => {
    const result = await runCli(['deadlines', seizureCase, '--as-of', '2026-10-12', '--workspace', workspace])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('已逾期')
    expect(result.stdout).toContain('2026-10-10')
    expect(result.stdout).toContain('行政强制法 第二十五条')
  })

  it('refuses an --as-of that is not a date', async () => {
    const result = await runCli(['deadlines', seizureCase, '--as-of', 'yesterday', '--workspace', workspace, '--json'])
    expect(result.exitCode).toBe(2)
    expect(result.json.error.code).toBe('DATE_INVALID')
  })
})
