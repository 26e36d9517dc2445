import {describe, expect, it} from 'vitest'

import {makeCase, makeWorkspace, runCli} from '../helpers/cli.js'

/** Text that would drive a terminal (OSC title, colour, bell) or reverse what a reader sees. */
const OSC_TITLE = '\u001B]0;已结案\u0007'

describe('hostile text on the command line', () => {
  it('refuses control characters with exit 2, one JSON document on stdout, and nothing raw on the terminal', async () => {
    const ws = await makeWorkspace()
    const caseId = await makeCase(ws)
    const json = await runCli(['case', 'new', '--workspace', ws, '--procedure', 'penalty-general', '--title', `案由${OSC_TITLE}x`, '--party', '某店', '--officer', '张伟:1', '--officer', '李娜:2', '--json'])
    expect(json.exitCode).toBe(2)
    expect(json.json.error, json.stdout).toMatchObject({code: 'CASE_INPUT_INVALID', kind: 'usage'})
    expect(json.json.error.message).toContain('--title（案由）')

    // A 文书 field used to reach the template, whose library printed its own JSON before ours.
    const fill = await runCli(['doc', 'fill', caseId, 'correction-order', '--set', `facts=未取得\u001B[31m许可`, '--set', 'deadline=2026-12-20', '--workspace', ws, '--json'])
    expect(fill.exitCode).toBe(2)
    expect(fill.json, fill.stdout).toBeDefined()
    expect(fill.json.error.message).toContain('（facts）')
    expect(fill.json.error.message).not.toContain('模板')

    const human = await runCli(['case', 'event', caseId, `filed${OSC_TITLE}`, '--workspace', ws])
    expect(human.exitCode).toBe(2)
    expect(human.stderr.includes('\u001B') || human.stderr.includes('\u0007')).toBe(false)
    expect(human.stderr).toContain('\\u{1b}')
  })
})
