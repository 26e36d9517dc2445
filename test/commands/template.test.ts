import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {DOCUMENT_TYPES} from '../../src/law/documents.js'
import {PROJECT_ROOT, runCli} from '../helpers/cli.js'

describe('zfjl template', {timeout: 300_000}, () => {
  it('lists the 40 built-in templates outside a workspace', async () => {
    const result = await runCli(['template', 'list', '--json'], {cwd: '/'})
    expect(result.exitCode, result.stdout + result.stderr).toBe(0)
    expect(result.json.templates.map((entry: {type: string}) => entry.type)).toEqual(DOCUMENT_TYPES.map((type) => type.id))
    expect(result.json.templates.every((entry: {override: boolean}) => !entry.override)).toBe(true)
  })

  it('passes a built-in template and exits 0', async () => {
    const result = await runCli(['template', 'check', join(PROJECT_ROOT, 'templates', 'collective-discussion.docx'), '--json'])
    expect(result.exitCode).toBe(0)
    expect(result.json).toMatchObject({ok: true, problems: [], type: 'collective-discussion'})
    expect(result.json.tags).toEqual(expect.arrayContaining(['attendees', 'observers', 'opinions', 'chair', 'conclusion']))
  })

  it('checks a template against another type: undeclared tags and missing required fields, exit 1', async () => {
    const result = await runCli(['template', 'check', join(PROJECT_ROOT, 'templates', 'receipt.docx'), '--type', 'penalty-decision', '--json'])
    expect(result.exitCode).toBe(1)
    const kinds = new Set(result.json.problems.map((problem: {kind: string}) => problem.kind))
    expect([...kinds].sort()).toEqual(['missing-field', 'undeclared-tag'])
    const human = await runCli(['template', 'check', join(PROJECT_ROOT, 'templates', 'receipt.docx'), '--type', 'penalty-decision'])
    expect(human.exitCode).toBe(1)
    expect(human.stdout).toContain('缺少必填字段 违法事实（{facts}）')
  })
})
