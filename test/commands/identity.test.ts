import {chmodSync, mkdirSync, statSync} from 'node:fs'
import {userInfo} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {makeTempDir, runCli, TEST_OFFICERS} from '../helpers/cli.js'

const me = userInfo().username
const modeOf = (path: string): number => statSync(path).mode & 0o777

describe('identity account: the person is the one bound to the OS account that runs zfjl', {timeout: 600_000}, () => {
  it('lets the administrator bind accounts, then acts only as the bound person and refuses any other name', async () => {
    const dir = join(makeTempDir(), 'ws')
    const init = await runCli(['init', dir, '--unit', '珠晖区卫生健康局', '--code', '珠卫', ...TEST_OFFICERS.flatMap((officer) => ['--officer', officer]), '--json'])
    expect(init.exitCode, init.stdout + init.stderr).toBe(0)
    expect(init.json).toMatchObject({administrator: {account: me, name: null}, identity: 'account', warnings: []})
    const cli = (args: string[], env: Record<string, string | undefined> = {}) => runCli([...args, '--workspace', dir], {env})

    const unbound = await cli(['case', 'list', '--json'])
    expect([unbound.exitCode, unbound.json.error.code]).toEqual([5, 'ACTOR_UNBOUND'])
    expect(unbound.json.error.message).toContain(`--account ${me}`)

    const bound = await cli(['people', 'add', '张伟', '--account', me, '--json'])
    expect(bound.exitCode, bound.stdout).toBe(0)
    expect(bound.json.person).toMatchObject({account: me, name: '张伟', roles: ['officer']})
    const taken = await cli(['people', 'add', '李娜', '--account', me, '--json'])
    expect([taken.exitCode, taken.json.error.code]).toEqual([4, 'ACCOUNT_TAKEN'])

    const created = await cli(['case', 'new', '--procedure', 'inspection', '--title', '日常监督检查', '--party', '某某宾馆', '--officer', '张伟', '--officer', '李娜', '--json'])
    expect(created.exitCode, created.stdout).toBe(0)
    expect(created.json).toMatchObject({createdBy: '张伟', officers: [{certNo: '44010020260001', name: '张伟'}, {certNo: '44010020260002', name: '李娜'}]})
    const caseId = created.json.id as string
    const headBefore = (await cli(['audit', 'verify', '--json'])).json.head

    for (const attempt of [
      {args: ['--officer', '李娜'], env: {}},
      {args: [], env: {ZFJL_OFFICER: '李娜'}},
    ]) {
      const json = await cli(['case', 'event', caseId, 'filed', ...attempt.args, '--json'], attempt.env)
      expect([json.exitCode, json.json.error.code]).toEqual([5, 'ACTOR_NOT_ACCOUNT'])
      expect(json.json.error.message).toContain(`系统账户 ${me} 绑定的是 张伟`)
      const human = await cli(['case', 'event', caseId, 'filed', ...attempt.args], attempt.env)
      expect(human.exitCode).toBe(5)
      expect(human.stderr).toContain('不能以 李娜 的名义操作')
    }

    expect((await cli(['audit', 'verify', '--json'])).json.head).toEqual(headBefore)
    const own = await cli(['case', 'event', caseId, 'filed', '--officer', '张伟', '--json'])
    expect(own.exitCode, own.stdout).toBe(0)
    const log = await cli(['audit', 'log', '--action', 'case.event', '--json'])
    expect(log.json.rows.map((row: {actor: string; osUser: string}) => [row.actor, row.osUser])).toEqual([['张伟', me]])
  })

  it('creates the workspace without world access, and warns when the folder given is world-readable', async () => {
    const fresh = join(makeTempDir(), 'ws')
    expect((await runCli(['init', fresh, '--unit', '测试局', '--code', '测', '--json'])).exitCode).toBe(0)
    // The group shares the workspace (set-group-ID folders, group-writable files); other accounts see nothing.
    const folderMode = (path: string) => statSync(path).mode & 0o7777
    expect([folderMode(fresh), folderMode(join(fresh, 'cases')), folderMode(join(fresh, '.zfjl'))]).toEqual([0o2770, 0o2770, 0o2770])
    expect([modeOf(join(fresh, 'zfjl.json')), modeOf(join(fresh, '.zfjl', 'zfjl.db')), modeOf(join(fresh, '.zfjl', 'audit-head.json'))]).toEqual([0o660, 0o660, 0o660])
    expect([modeOf(join(fresh, '.zfjl', 'keys')), modeOf(join(fresh, '.zfjl', 'keys', 'signing-key.pem'))]).toEqual([0o750, 0o640])

    const open = join(makeTempDir(), 'shared')
    mkdirSync(open)
    chmodSync(open, 0o755)
    const json = await runCli(['init', open, '--unit', '测试局', '--code', '测', '--json'])
    expect(json.exitCode).toBe(0)
    expect(json.json.warnings).toEqual([expect.stringContaining(`chmod o-rwx ${open}`)])
    expect(json.stderr).toContain('警告：工作区文件夹')
  })
})
