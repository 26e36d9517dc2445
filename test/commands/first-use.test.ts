import {existsSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {userInfo} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {exitCodeFor} from '../../src/cli/exit-codes.js'
import {caseNewArgs, PROJECT_ROOT, runCli} from '../helpers/cli.js'
import type {SigningAlgorithm} from '../../src/platform/signing/keys.js'
import {initWorkspace} from '../../src/workspace/init-workspace.js'
import {buildWorkspace, makeTempDir} from '../helpers/workspace-builder.js'

describe('case new: officers come from the roster', () => {
  let workspace: string
  beforeAll(() => {
    const ws = buildWorkspace()
    workspace = ws.root
    ws.close()
  })

  it('refuses an officer not on the roster, suggests the close name, and writes nothing', async () => {
    const args = caseNewArgs(workspace).map((arg) => (arg === '李娜:44010020260002' ? '李那' : arg))
    const result = await runCli(args)
    expect(result.exitCode).toBe(exitCodeFor('forbidden'))
    expect(result.stdout.trim().split('\n').filter((line) => line.startsWith('{'))).toHaveLength(1)
    expect(result.json.ok).toBe(false)
    expect(result.json.error.code).toBe('OFFICER_UNKNOWN')
    expect(result.json.error.message).toContain('李那 不在工作区人员名单中')
    expect(result.json.error.message).toContain('你是不是要输入：李娜？')
    expect(result.json.error.details.suggestions).toEqual(['李娜'])
    expect(readdirSync(join(workspace, 'cases'))).toEqual([])
  })

  it('takes names alone and finds their 执法证号', async () => {
    const args = caseNewArgs(workspace).map((arg) => arg.replace(/:\d+$/, ''))
    const result = await runCli(args)
    expect(result.exitCode).toBe(0)
    expect(result.json.officers).toEqual([
      {certNo: '44010020260001', name: '张伟'},
      {certNo: '44010020260002', name: '李娜'},
    ])
  })
})

describe('init takes its folder from DIR or -w', () => {
  it('creates the workspace -w names, not one in the current folder, and refuses two different folders', async () => {
    const parent = makeTempDir()
    const named = join(parent, 'ws')
    const flags = ['--unit', '珠晖区卫生健康局', '--code', '珠卫', '--identity', 'declared', '--officer', '张伟:1', '--officer', '李娜:2', '--json']
    const created = await runCli(['init', '-w', named, ...flags], {cwd: parent})
    expect(created.exitCode, created.stdout).toBe(0)
    expect(created.json.workspace).toBe(named)
    expect(existsSync(join(parent, 'zfjl.json'))).toBe(false)

    const both = await runCli(['init', join(parent, 'a'), '-w', join(parent, 'b'), ...flags], {cwd: parent})
    expect([both.exitCode, both.json.error.code]).toEqual([2, 'INIT_DIR_CONFLICT'])
    expect(readdirSync(parent)).toEqual(['ws'])
  })
})

describe('init leaves no half workspace', () => {
  it('a failure after the folders were made removes them, and the next init succeeds', () => {
    const dir = join(makeTempDir(), 'ws')
    // An algorithm the key maker does not know fails inside init, after the database was opened.
    expect(() => initWorkspace({code: '珠卫', dir, keyAlgorithm: 'rsa' as SigningAlgorithm, unit: '珠晖区卫生健康局'})).toThrow()
    expect(existsSync(dir)).toBe(false)
    const ws = initWorkspace({code: '珠卫', dir, unit: '珠晖区卫生健康局'})
    ws.close()
    expect(existsSync(join(dir, 'zfjl.json'))).toBe(true)
  })

  it('refuses a 机关代字 that would break every 文号, before creating anything', async () => {
    const dir = join(makeTempDir(), 'ws')
    const result = await runCli(['init', dir, '--unit', '珠晖区卫生健康局', '--code', '珠〔卫', '--json'])
    expect(result.exitCode).toBe(exitCodeFor('usage'))
    expect(result.json.error.code).toBe('UNIT_INVALID')
    expect(existsSync(dir)).toBe(false)
  })

  it('without a terminal, lists the missing --unit and --code in one error', async () => {
    const result = await runCli(['init', join(makeTempDir(), 'ws'), '--json'])
    expect(result.exitCode).toBe(exitCodeFor('usage'))
    expect(result.json.error.message).toBe('创建工作区缺少：--unit（执法机构名称）；--code（机关代字）')
  })
})

describe('every creating command prints the next command on stderr', () => {
  let dir: string
  const as = (officer: string) => (args: string[]) => runCli([...args, '-w', dir], {env: {ZFJL_OFFICER: officer}})
  const next = (result: {stderr: string}) => /下一步：(.*)/.exec(result.stderr)?.[1]
  // caseNewArgs names the workspace itself.
  const caseNew = (procedure: string, extra: string[] = []) =>
    runCli([...caseNewArgs(dir, procedure).filter((arg) => arg !== '--json'), ...extra], {env: {ZFJL_OFFICER: '张伟'}})

  beforeAll(async () => {
    dir = join(makeTempDir(), 'ws')
  })

  it('from init to the first case: the roster first, then the case, then its first 文书 by the catalog', async () => {
    const init = await runCli(['init', dir, '--unit', '珠晖区卫生健康局', '--code', '珠卫', '--identity', 'declared', '--officer', '张伟:44010020260001', '--officer', '李娜:44010020260002'])
    expect(next(init)).toBe('zfjl people add <姓名> --role reviewer --role approver --role head（尚无审核人、批准人、执法机构负责人，文书无法审核批准）')
    expect(next(await as('张伟')(['people', 'add', '王强', '--role', 'head', '--role', 'reviewer']))).toBe('zfjl people add <姓名> --role approver（尚无批准人，文书无法审核批准）')
    expect(next(await as('王强')(['people', 'add', '赵敏', '--role', 'approver']))).toBe('zfjl case new')
    await as('王强')(['people', 'add', '刘芳', '--role', 'custodian'])

    const created = await caseNew('penalty-general')
    expect(next(created)).toBe('zfjl doc fill 2026-0001 案件受理记录')
    const permit = await caseNew('permit')
    expect(next(permit)).toBe('zfjl doc fill 2026-0002 申请材料接收凭证')
  })

  it('under account identity: binding each login comes before the first case, and the unbound administrator may run doctor', async () => {
    const shared = join(makeTempDir(), 'ws')
    const me = userInfo().username
    const init = await runCli(['init', shared, '--unit', '珠晖区卫生健康局', '--code', '珠卫', '--identity', 'account', '--officer', '张伟:44010020260001', '--officer', '李娜:44010020260002'])
    expect(init.stdout).toContain('为每人绑定账户')
    const admin = (args: string[]) => runCli([...args, '-w', shared])
    await admin(['people', 'add', '王强', '--role', 'reviewer', '--role', 'head', '--account', 'wangqiang'])
    expect(next(await admin(['people', 'add', '赵敏', '--role', 'approver', '--account', 'zhaomin']))).toBe(
      'zfjl people add 张伟 --account <系统账户>（张伟、李娜 尚未绑定登录账户，不能操作）',
    )
    await admin(['people', 'add', '张伟', '--account', 'zhangwei'])
    expect(next(await admin(['people', 'add', '李娜', '--account', 'lina']))).toBe(`各人以自己的系统账户登录后运行 zfjl case new（本账户 ${me} 未绑定人员，只能管理人员名单）`)
    const doctor = await admin(['doctor', '--json'])
    // 0 or 1 by what it finds on this machine; never refused for who runs it (5).
    expect(doctor.exitCode, doctor.stdout).toBeLessThanOrEqual(1)
    expect(doctor.json.checks.map((check: {check: string}) => check.check)).toContain('audit-chain')
  })

  it('a recorded step asks for its 文书; a 文书 for its 审核, 批准 and 送达', async () => {
    const zhang = as('张伟')
    expect(next(await zhang(['case', 'event', '2026-0001', 'inquiry']))).toBe('zfjl doc fill 2026-0001 询问笔录')
    const notice = join(PROJECT_ROOT, 'examples', 'documents', 'data', 'penalty-prior-notice.yaml')
    const filled = await zhang(['doc', 'fill', '2026-0001', 'penalty-prior-notice', '--data', notice])
    expect(next(filled)).toBe('zfjl doc approve 2026-0001 2026-0001-D01 --role review')
    const reviewed = await as('王强')(['doc', 'approve', '2026-0001', 'D01', '--role', 'review'])
    expect(next(reviewed)).toBe('zfjl doc approve 2026-0001 2026-0001-D01 --role approve')
    const approved = await as('赵敏')(['doc', 'approve', '2026-0001', 'D01', '--role', 'approve'])
    expect(next(approved)).toBe('zfjl doc serve 2026-0001 2026-0001-D01 --to <受送达人> --method <送达方式>')
    const served = await zhang(['doc', 'serve', '2026-0001', 'D01', '--to', '衡阳市某某足浴店', '--method', 'direct'])
    expect(served.exitCode, served.stderr).toBe(0)
    expect(next(served)).toBe('zfjl doc fill 2026-0001 询问笔录')
  })

  it('media: link what no --step placed; handover; closing and archiving', async () => {
    const zhang = as('张伟')
    const source = join(makeTempDir(), '询问录音说明.txt')
    writeFileSync(source, '询问过程的录音说明（测试数据）')
    const added = await zhang(['media', 'add', '2026-0001', source])
    expect(next(added)).toMatch(/^zfjl media link 2026-0001 \S+ --step /)
    const mediaId = /media link 2026-0001 (\S+)/.exec(next(added)!)![1]
    expect(next(await zhang(['media', 'link', '2026-0001', mediaId, '--step', 'inquiry']))).toBe('zfjl doc fill 2026-0001 询问笔录')
    const handover = await as('刘芳')(['media', 'handover', '2026-0001', '--from', '张伟', '--all-pending'])
    expect(handover.exitCode, handover.stderr).toBe(0)
    // The custodian drafts no 文书 and adds no media: nothing of theirs comes next while the case is open.
    expect(handover.stdout).toContain('交接记录')
    expect(next(handover)).toBeUndefined()

    expect(next(await zhang(['case', 'close', '2026-0002']))).toBe('zfjl archive pack 2026-0002')
    const packed = await zhang(['archive', 'pack', '2026-0002'])
    expect(packed.exitCode, packed.stderr).toBe(0)
    expect(next(packed)).toBe('zfjl archive verify 2026-0002，然后 zfjl archive label 2026-0002')
  })

  it('copies: request, grant, export', async () => {
    const requested = await as('张伟')(['copy', 'request', '2026-0001', '--all', '--purpose', '行政复议', '--json'])
    const id = requested.json.id as string
    expect(next(await as('张伟')(['copy', 'request', '2026-0001', '--all', '--purpose', '行政复议']))).toMatch(/^zfjl copy grant CR-\d{4}-\d{4}（由另一位执法机构负责人本人运行）$/)
    expect(next(await as('王强')(['copy', 'grant', id]))).toBe(`zfjl export 2026-0001 --approval ${id} --out <输出文件夹或 .zip>`)
    const out = join(makeTempDir(), 'copy.zip')
    const exported = await as('张伟')(['export', '2026-0001', '--approval', id, '--out', out])
    expect(exported.exitCode, exported.stderr).toBe(0)
    expect(next(exported)).toBe(`zfjl copy verify ${out}`)
  })

  it('a new signing key is to be handed out as its public half', async () => {
    const keyless = buildWorkspace()
    keyless.close()
    // A workspace whose key folder was lost.
    rmSync(join(keyless.root, '.zfjl', 'keys'), {force: true, recursive: true})
    const created = await runCli(['key', 'create', '-w', keyless.root], {env: {ZFJL_OFFICER: '张伟'}})
    expect(created.exitCode, created.stderr).toBe(0)
    expect(next(created)).toBe('zfjl key export-public 珠卫-公钥.pem')
  })

  it('is silent with -q, and never in the --json document', async () => {
    const quiet = await as('张伟')(['case', 'event', '2026-0001', 'investigation', '-q'])
    expect(quiet.exitCode).toBe(0)
    expect(quiet.stderr).not.toContain('下一步')
    const json = await caseNew('inspection', ['--json'])
    expect(json.exitCode).toBe(0)
    expect(json.json.ok).toBe(true)
    expect(`${json.stdout}${json.stderr}`).not.toContain('下一步')
  })
})
