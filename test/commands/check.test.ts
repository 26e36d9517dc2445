import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {makeCase, makeWorkspace, runCli} from '../helpers/cli.js'

interface FindingJson {
  case: string
  rule: string
  kind: string
  severity: string
  article: string
  message: string
  due: string | null
  subject: string | null
}

const event = async (workspace: string, caseId: string, name: string, at: string, extra: string[] = []): Promise<number> => {
  const result = await runCli(['case', 'event', caseId, name, '--at', at, '--workspace', workspace, '--json', ...extra])
  if (result.exitCode !== 0) throw new Error(`case event ${name} failed: ${result.stdout}${result.stderr}`)
  return result.json.id as number
}

describe('zfjl check over cases in different states', () => {
  let workspace: string
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    workspace = await makeWorkspace()
    // A: filed and entered on the platform in time; the filing date corrected once.
    ids.onTrack = await makeCase(workspace, 'penalty-general')
    const wrong = await event(workspace, ids.onTrack, 'filed', '2026-11-19')
    await event(workspace, ids.onTrack, 'filed', '2026-11-20', ['--supersedes', String(wrong), '--reason', '立案日期录入错误'])
    await event(workspace, ids.onTrack, 'platform-filed', '2026-11-23')
    // B: platform entry missed; decision made inside the statement period; no documents or video.
    ids.rushed = await makeCase(workspace, 'penalty-general')
    await event(workspace, ids.rushed, 'filed', '2026-09-01')
    await event(workspace, ids.rushed, 'prior-notice-served', '2026-09-29')
    await event(workspace, ids.rushed, 'decision-made', '2026-09-30')
    // C: a seizure never disposed of: the 30-day cap (no roll) has passed.
    ids.seizure = await makeCase(workspace, 'coercion')
    await event(workspace, ids.seizure, 'seizure', '2026-09-05')
    // D: closed before the decision was served.
    ids.closedEarly = await makeCase(workspace, 'penalty-general')
    await event(workspace, ids.closedEarly, 'filed', '2026-03-02')
    await event(workspace, ids.closedEarly, 'platform-filed', '2026-03-03')
    await event(workspace, ids.closedEarly, 'prior-notice-served', '2026-03-10')
    await event(workspace, ids.closedEarly, 'decision-made', '2026-03-20')
    await event(workspace, ids.closedEarly, 'closed', '2026-03-25')
  }, 600_000)

  const findingsOf = (findings: FindingJson[], caseId: string) => findings.filter((finding) => finding.case === caseId)
  const has = (findings: FindingJson[], expected: Partial<FindingJson>) => expect(findings).toContainEqual(expect.objectContaining(expected))

  it('check --all --json finds each expected problem and exits 1', async () => {
    const result = await runCli(['check', '--all', '--as-of', '2026-11-25', '--workspace', workspace, '--json'])
    expect(result.exitCode).toBe(1)
    const {asOf, caseCount, errors, findings} = result.json as {asOf: string; caseCount: number; errors: number; findings: FindingJson[]}
    expect({asOf, caseCount}).toEqual({asOf: '2026-11-25', caseCount: 4})

    expect(findingsOf(findings, ids.onTrack)).toEqual([])

    const rushed = findingsOf(findings, ids.rushed)
    has(rushed, {due: '2026-09-08', kind: 'platform', rule: 'platform-entry-filed', severity: 'error'})
    has(rushed, {due: '2026-10-09', kind: 'order', rule: 'statement-period', severity: 'error'})
    has(rushed, {kind: 'document', rule: 'step-document', severity: 'error', subject: 'prior-notice-served'})
    has(rushed, {kind: 'document', rule: 'step-document', severity: 'error', subject: 'decision-made'})
    has(rushed, {kind: 'av', rule: 'av-full-record', severity: 'error', subject: 'prior-notice-served'})
    // 9/30 + 7 wd: 10/8, 10/9, 10/10 (调休), 10/12, 10/13, 10/14, 10/15.
    has(rushed, {due: '2026-10-15', rule: 'decision-service', severity: 'error'})
    expect(rushed.find((finding) => finding.rule === 'statement-period')?.article).toContain('第四十四条')

    const seizure = findingsOf(findings, ids.seizure)
    has(seizure, {due: '2026-10-05', kind: 'deadline', rule: 'seizure-limit', severity: 'error'})
    has(seizure, {kind: 'av', rule: 'av-full-record', subject: 'seizure'})
    expect(seizure.filter((finding) => finding.rule === 'step-document' && finding.subject === 'seizure')).toHaveLength(2)

    const closedEarly = findingsOf(findings, ids.closedEarly)
    has(closedEarly, {kind: 'order', rule: 'order-closed-after-decision-served', severity: 'error'})
    has(closedEarly, {due: '2026-04-01', kind: 'platform', rule: 'platform-entry-closed', severity: 'error'})
    expect(closedEarly.some((finding) => finding.rule === 'order-decision-after-prior-notice')).toBe(false)
    expect(closedEarly.some((finding) => finding.rule === 'penalty-decision')).toBe(false)

    expect(errors).toBe(findings.filter((finding) => finding.severity === 'error').length)
    for (const finding of findings) expect(finding.message).toMatch(/[\u4e00-\u9fff]/)
  })

  it('a single clean case exits 0; a due-soon warning fails only with --strict', async () => {
    const clean = await runCli(['check', ids.onTrack, '--as-of', '2026-11-25', '--workspace', workspace, '--json'])
    expect(clean.exitCode).toBe(0)
    expect(clean.json.findings).toEqual([])
    const soon = await runCli(['check', ids.onTrack, '--as-of', '2026-11-25', '--soon', '100', '--workspace', workspace, '--json'])
    expect(soon.exitCode).toBe(0)
    expect(soon.json.findings).toContainEqual(expect.objectContaining({rule: 'penalty-decision', severity: 'warning'}))
    const strict = await runCli(['check', ids.onTrack, '--as-of', '2026-11-25', '--soon', '100', '--strict', '--workspace', workspace, '--json'])
    expect(strict.exitCode).toBe(1)
  })

  it('prints a table per case for people, overdue first', async () => {
    const result = await runCli(['check', '--all', '--as-of', '2026-11-25', '--workspace', workspace])
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain(`案件 ${ids.rushed}`)
    expect(result.stdout).toContain(`案件 ${ids.seizure}`)
    const seizureBlock = result.stdout.slice(result.stdout.indexOf(`案件 ${ids.seizure}`))
    expect(seizureBlock.indexOf('查封、扣押期限届满前')).toBeLessThan(seizureBlock.indexOf('音像'))
  })

  it('deadlines lists one row per rule with status and article', async () => {
    const result = await runCli(['deadlines', ids.rushed, '--as-of', '2026-10-09', '--workspace', workspace, '--json'])
    expect(result.exitCode).toBe(0)
    const rows = result.json.deadlines as Array<{rule: string; status: string; due: string | null; article: string}>
    expect(rows.find((row) => row.rule === 'platform-entry-filed')).toMatchObject({due: '2026-09-08', status: 'overdue'})
    expect(rows.find((row) => row.rule === 'hearing-request')).toMatchObject({due: '2026-10-12', status: 'pending'})
    expect(rows.find((row) => row.rule === 'decision-service')).toMatchObject({due: '2026-10-15', status: 'pending'})
    expect(rows.find((row) => row.rule === 'fine-payment')).toMatchObject({due: null, status: 'not-applicable'})
    expect(rows.every((row) => row.article.length > 0)).toBe(true)
  })

  it.each([
    ['an unknown case', ['check', '2099-9999'], 3, '不存在'],
    ['an --as-of that is not a date', ['check', '--all', '--as-of', '2026-13-01'], 2, '--as-of'],
    ['neither a case nor --all', ['check'], 2, '--all'],
    ['deadlines of an unknown case', ['deadlines', '2099-9999'], 3, '不存在'],
  ])('%s is a clear error', async (_label, args, exitCode, text) => {
    const result = await runCli([...args, '--workspace', workspace, '--json'])
    expect(result.exitCode).toBe(exitCode)
    expect(result.json.error.message).toContain(text)
  })

  it('a malformed workspace calendar file is a usage error naming the file', {timeout: 180_000}, async () => {
    const broken = await makeWorkspace()
    await makeCase(broken, 'penalty-general')
    mkdirSync(join(broken, 'calendar'), {recursive: true})
    writeFileSync(join(broken, 'calendar', '2027.json'), '{"year": 2027, "holidays": [{"name": "元旦", "date": "2027-01-32"}]}')
    const result = await runCli(['check', '--all', '--workspace', broken, '--json'])
    expect(result.exitCode).toBe(2)
    expect(result.json.error).toMatchObject({code: 'CALENDAR_FILE_INVALID', kind: 'usage'})
    expect(result.json.error.message).toContain(join(broken, 'calendar', '2027.json'))
    const human = await runCli(['check', '--all', '--workspace', broken])
    expect(human.exitCode).toBe(2)
    expect(human.stderr).toContain('2027.json')
  })

  it('a workspace calendar file makes 2027 official for deadlines', {timeout: 180_000}, async () => {
    const own = await makeWorkspace()
    const caseId = await makeCase(own, 'penalty-general')
    await event(own, caseId, 'filed', '2026-11-25')
    const before = await runCli(['deadlines', caseId, '--as-of', '2026-11-26', '--workspace', own, '--json'])
    expect(before.json.deadlines.find((row: {rule: string}) => row.rule === 'penalty-decision')).toMatchObject({due: '2027-02-23', provisional: true})
    mkdirSync(join(own, 'calendar'), {recursive: true})
    writeFileSync(join(own, 'calendar', '2027.json'), JSON.stringify({holidays: [{from: '2027-02-22', name: '测试假期', to: '2027-02-26'}], workdays: [], year: 2027}))
    const after = await runCli(['deadlines', caseId, '--as-of', '2026-11-26', '--workspace', own, '--json'])
    expect(after.json.deadlines.find((row: {rule: string}) => row.rule === 'penalty-decision')).toMatchObject({due: '2027-03-01', provisional: false})
  })
})
