import {describe, expect, it} from 'vitest'

import {makeCase, makeWorkspace, runCli} from '../helpers/cli.js'

describe('zfjl check waive', () => {
  it('a head accepts a finding with a reason: audited, listed by check and report, and check no longer fails', async () => {
    const workspace = await makeWorkspace()
    const ws = ['--workspace', workspace, '--json']
    const caseId = await makeCase(workspace, 'penalty-general', ['--filed-at', '2026-03-02'])
    // 立案 without 录入平台 within five days (本办法第二十条) is the finding to accept.
    const before = await runCli(['check', caseId, '--as-of', '2026-04-01', ...ws])
    expect(before.exitCode).toBe(1)
    expect(before.json.findings.map((finding: {rule: string}) => finding.rule)).toEqual(['platform-entry-filed'])

    expect((await runCli(['people', 'add', '王建国', '--role', 'head', ...ws])).exitCode).toBe(0)
    const notHead = await runCli(['check', 'waive', caseId, 'platform-entry-filed', '--by', '张伟', '--reason', '平台当时未开通', ...ws])
    expect([notHead.exitCode, notHead.json.error.code]).toEqual([5, 'ROLE_REQUIRED'])
    const unknownRule = await runCli(['check', 'waive', caseId, 'no-such-rule', '--by', '王建国', '--reason', 'x', ...ws])
    expect([unknownRule.exitCode, unknownRule.json.error.code]).toEqual([3, 'CHECK_RULE_UNKNOWN'])

    const waived = await runCli(['check', 'waive', caseId, 'platform-entry-filed', '--by', '王建国', '--reason', '平台当时未开通，已纸质登记', ...ws])
    expect(waived.exitCode, waived.stderr).toBe(0)
    expect(waived.json).toMatchObject({by: '王建国', caseId, reason: '平台当时未开通，已纸质登记', rule: 'platform-entry-filed', subject: null})

    const after = await runCli(['check', caseId, '--as-of', '2026-04-01', ...ws])
    expect(after.exitCode).toBe(0)
    expect(after.json.findings).toEqual([])
    expect(after.json.waived).toMatchObject([{rule: 'platform-entry-filed', subject: 'platform-filed', waiver: {by: '王建国', reason: '平台当时未开通，已纸质登记'}}])
    expect((await runCli(['check', '--all', '--as-of', '2026-04-01', ...ws])).exitCode).toBe(0)

    const report = await runCli(['report', '--as-of', '2026-04-01', ...ws])
    expect(report.json.waivers).toMatchObject([{by: '王建国', caseId, rule: 'platform-entry-filed'}])
    expect(report.json.byProcedure.find((group: {key: string}) => group.key === 'penalty-general').errors).toBe(0)

    const audit = await runCli(['audit', 'log', '--action', 'check.waive', ...ws])
    expect(audit.exitCode, audit.stderr).toBe(0)
    expect(JSON.stringify(audit.json)).toContain('平台当时未开通')
  })
})
