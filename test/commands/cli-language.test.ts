import {describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'

describe('the CLI speaks Chinese to people and one JSON document to scripts', () => {
  it.each([
    [['cse', 'list'], 'zfjl case list'],
    [['chek'], 'zfjl check'],
  ])('an unknown command %j suggests %s, written with spaces, exit 2', async (args, suggestion) => {
    const plain = await runCli(args)
    expect(plain.exitCode).toBe(2)
    expect(plain.stderr).toContain(suggestion)
    expect(plain.stderr).not.toMatch(/not found|:list/)
    const json = await runCli([...args, '--json'])
    expect(json.exitCode).toBe(2)
    expect(json.json).toMatchObject({error: {code: 'COMMAND_NOT_FOUND', exitCode: 2}, ok: false, schemaVersion: 1})
  })

  it.each([
    [['copy', 'request', '2026-0001', '--json'], '缺少必需的标志'],
    [['case', 'list', '--bogus'], '没有这个标志：--bogus'],
    [['case', 'new', '--procedure', 'xx'], '--procedure 的值「xx」无效'],
    [['check', '--as-of'], '标志 --as-of 需要一个值'],
  ])('parser errors %j are in Chinese', async (args, expected) => {
    const result = await runCli(args)
    expect(result.exitCode).toBe(2)
    const message = result.json?.error.message ?? result.stderr
    expect(message).toContain(expected)
    expect(message).not.toMatch(/The following|Missing|Nonexistent|Expected|See more help/)
  })

  it('help is Chinese throughout, --json included, and wraps Chinese where it may break', async () => {
    const help = await runCli(['catalog', '--help'])
    expect(help.stdout).toContain('以 JSON 输出结果')
    expect(help.stdout).not.toMatch(/Format output as json|Display help|autocomplete installation/)
    const root = await runCli(['--help'])
    expect(root.stdout).toContain('显示 zfjl 的帮助')
    expect(root.stdout).not.toMatch(/、39\n/)
  })

  it('every result carries schemaVersion and ok; the exit table lists Ctrl-C as 130', async () => {
    const result = await runCli(['exit-codes', '--json'])
    expect(result.json).toMatchObject({ok: true, schemaVersion: 1})
    expect(JSON.stringify(result.json)).toContain('"code":130')
  })

  it('an explicit workspace that does not exist is an error even where a workspace is optional', async () => {
    const result = await runCli(['template', 'list', '-w', '/nonexistent-zfjl', '--json'])
    expect(result.exitCode).toBe(3)
    expect(result.json.error.code).toBe('WORKSPACE_NOT_FOUND')
    expect((await runCli(['template', 'list', '--json'])).exitCode).toBe(0)
  })
})
