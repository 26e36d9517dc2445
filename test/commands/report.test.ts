import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {makeCase, makeTempDir, makeWorkspace, runCli} from '../helpers/cli.js'

interface Group {
  key: string
  caseCount: number
  documents: number
  avRequired: number
  avCovered: number
  avCoverage: number | null
  deadlines: {met: number; metLate: number; overdue: number; running: number}
}

describe('zfjl report (第四十九条)', () => {
  let workspace: string

  beforeAll(async () => {
    workspace = await makeWorkspace()
    const penalty = await makeCase(workspace, 'penalty-general')
    for (const [name, at] of [
      ['filed', '2026-09-01'],
      ['platform-filed', '2026-09-10'],
      ['inquiry', '2026-09-02'],
    ]) {
      const result = await runCli(['case', 'event', penalty, name, '--at', at, '--workspace', workspace, '--json'])
      expect(result.exitCode).toBe(0)
    }

    const seizure = await makeCase(workspace, 'coercion')
    expect((await runCli(['case', 'event', seizure, 'seizure', '--at', '2026-10-12', '--workspace', workspace, '--json'])).exitCode).toBe(0)
  }, 600_000)

  it('--json counts cases, AV duties and deadlines per officer and per procedure', async () => {
    const result = await runCli(['report', '--as-of', '2026-10-20', '--workspace', workspace, '--json'])
    expect(result.exitCode).toBe(0)
    const {byOfficer, byProcedure, caseCount} = result.json as {byOfficer: Group[]; byProcedure: Group[]; caseCount: number}
    expect(caseCount).toBe(2)
    const general = byProcedure.find((group) => group.key === 'penalty-general')
    // platform-filed 9/10 is after 9/8 (met late); the 90-day decision limit still running.
    expect(general).toMatchObject({avCoverage: 0, avCovered: 0, avRequired: 1, caseCount: 1, deadlines: {met: 0, metLate: 1, overdue: 0, running: 1}})
    // 10/12 + 30 cd = 11/11, still running on 10/20.
    expect(byProcedure.find((group) => group.key === 'coercion')).toMatchObject({avRequired: 1, caseCount: 1, deadlines: {running: 1}})
    expect(byProcedure.find((group) => group.key === 'permit')).toMatchObject({avCoverage: null, caseCount: 0})
    expect(byOfficer.map((group) => [group.key, group.caseCount])).toEqual([
      ['张伟', 2],
      ['李娜', 2],
    ])
  })

  it('--from/--to select cases by the date of their first step; --by limits the grouping', async () => {
    const result = await runCli(['report', '--from', '2026-10-01', '--to', '2026-10-31', '--by', 'procedure', '--as-of', '2026-10-20', '--workspace', workspace, '--json'])
    expect(result.json.caseCount).toBe(1)
    expect(result.json.byOfficer).toBeUndefined()
    expect(result.json.byProcedure.find((group: Group) => group.key === 'coercion').caseCount).toBe(1)
  })

  it('--html writes one self-contained file with inline SVG charts', async () => {
    const file = join(makeTempDir(), '考核报告.html')
    const result = await runCli(['report', '--as-of', '2026-10-20', '--html', file, '--workspace', workspace])
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toContain(file)
    const html = readFileSync(file, 'utf8')
    expect(html).toMatch(/^<!DOCTYPE html>/)
    expect(html).toContain('第四十九条')
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(2)
    expect(html).toContain('张伟（44010020260001）')
    // Opens offline: no scripts, stylesheets, images or fonts from anywhere else.
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|src=/i)
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//)
  })

  it('refuses a period that ends before it starts', async () => {
    const result = await runCli(['report', '--from', '2026-12-01', '--to', '2026-01-01', '--workspace', workspace, '--json'])
    expect(result.exitCode).toBe(2)
    expect(result.json.error.code).toBe('PERIOD_INVALID')
  })
})
