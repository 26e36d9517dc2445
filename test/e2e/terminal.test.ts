import {existsSync, readdirSync, writeFileSync} from 'node:fs'
import {userInfo} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {saveDraft} from '../../src/documents/fill-drafts.js'
import {openWorkspace} from '../../src/workspace/workspace.js'
import {makeCase, makeTempDir, makeWorkspace, runCli} from '../helpers/cli.js'
import {hasPython, runInPty} from '../helpers/pty.js'

const INQUIRY_ANSWERS = [
  {expect: '开始时间', send: '2026-10-13 14:30\r'},
  {expect: '结束时间', send: '2026-10-13 15:10\r'},
  {expect: '询问地点', send: '足浴店前台\r'},
  {expect: '被询问人', send: '谢某\r'},
  {expect: '记录人', send: '李娜\r'},
  {expect: '回避告知的回答', send: '不申请回避。\r'},
  {expect: '询问记录 第 1 条', send: ''},
  {expect: '问', send: '你在店里担任什么职务？\r'},
  {expect: '答', send: '我是店长。\r'},
  {expect: '再加一条', send: 'y\r'},
  {expect: '询问记录 第 2 条', send: ''},
  {expect: '问', send: '店里有卫生许可证吗？\r'},
  {expect: '答', send: '还没有办。\r'},
  {expect: '再加一条', send: 'n\r'},
]

describe.skipIf(!hasPython)('at a terminal (pseudo-terminal, real keys)', () => {
  let workspace: string
  let caseId: string
  const env = {ZFJL_OFFICER: '张伟'}
  const documents = () => readdirSync(join(workspace, 'cases', caseId, 'documents')).filter((name) => name.endsWith('.docx'))

  beforeAll(async () => {
    workspace = await makeWorkspace()
    caseId = await makeCase(workspace)
  }, 120_000)

  it('doc fill asks every missing field of a 询问笔录, its 问答 row by row, and generates it', async () => {
    const result = await runInPty(['doc', 'fill', caseId, '询问笔录', '--date', '2026-10-13', '-w', workspace], INQUIRY_ANSWERS, env)
    expect(result.timedOut).toBeNull()
    expect(result.exitCode).toBe(0)
    expect(result.output).toContain('《询问笔录》')
    const shown = await runCli(['doc', 'show', caseId, 'D01', '-w', workspace, '--json'], {env})
    expect(shown.json.fields.qa).toHaveLength(2)
  })

  it('Ctrl-C at a prompt exits 130 without a message and writes nothing', async () => {
    const before = documents()
    const result = await runInPty(['doc', 'fill', caseId, '询问笔录', '-w', workspace], [{expect: '开始时间', send: '\u0003'}], env)
    expect(result.exitCode).toBe(130)
    expect(result.output).not.toMatch(/错误|Error|SIGINT/)
    expect(documents()).toEqual(before)
  })

  it('keeps what was typed when the fill is refused, and offers it as a draft next time', async () => {
    const refused = await runInPty(['doc', 'fill', caseId, '询问笔录', '-w', workspace, '--set', 'notAField=1'], INQUIRY_ANSWERS, env)
    expect(refused.exitCode).toBe(2)
    expect(refused.output).toContain('草稿')
    expect(existsSync(join(workspace, '.zfjl', 'drafts', userInfo().username, `${caseId}-inquiry-record.yaml`))).toBe(true)

    const resumed = await runInPty(['doc', 'fill', caseId, '询问笔录', '-w', workspace], [{expect: '草稿', send: 'y\r'}], env)
    expect(resumed.exitCode).toBe(0)
    expect(existsSync(join(workspace, '.zfjl', 'drafts', userInfo().username, `${caseId}-inquiry-record.yaml`))).toBe(false)
  })

  it('refuses a start time in the future as it is typed, naming the field, and asks again', async () => {
    const before = documents().length
    const [start, ...rest] = INQUIRY_ANSWERS
    const result = await runInPty(['doc', 'fill', caseId, '询问笔录', '-w', workspace], [
      {expect: start.expect, send: '2099-01-01 09:00\r'},
      // The typed answer stays on the line: erase its 16 characters, then type a time that has passed.
      {expect: '开始时间（startTime）「2099-01-01T09:00:00\\+08:00」晚于当前时间', send: `${'\u007F'.repeat(16)}2026-10-14 14:30\r`},
      ...rest,
    ], env)
    expect(result.timedOut).toBeNull()
    expect(result.exitCode).toBe(0)
    expect(result.output).not.toContain('--at')
    expect(documents()).toHaveLength(before + 1)
  })

  it('a resumed draft whose start time lies in the future asks that field again instead of failing again', async () => {
    const ws = openWorkspace({workspace})
    try {
      saveDraft(ws, caseId, 'inquiry-record', {
        endTime: '2026-10-15T15:10',
        intervieweeName: '谢某',
        place: '足浴店前台',
        qa: [{answer: '我是店长。', question: '你在店里担任什么职务？'}],
        recorder: '李娜',
        recusalAnswer: '不申请回避。',
        startTime: '2099-01-01T09:00',
      })
    } finally {
      ws.close()
    }

    const resumed = await runInPty(['doc', 'fill', caseId, '询问笔录', '-w', workspace], [
      {expect: '草稿', send: 'y\r'},
      {expect: '草稿中 询问开始时间（startTime） 的值有误，请重新填写', send: ''},
      {expect: '\\? 询问开始时间（startTime）', send: '2026-10-15 14:30\r'},
    ], env)
    expect(resumed.timedOut).toBeNull()
    expect(resumed.exitCode).toBe(0)
    expect(resumed.output).not.toContain('--at')
    expect(existsSync(join(workspace, '.zfjl', 'drafts', `${caseId}-inquiry-record.yaml`))).toBe(false)
    const shown = await runCli(['doc', 'list', caseId, '-w', workspace, '--json'], {env})
    const filled = (shown.json.documents as Array<{id: string}>).at(-1)!
    const fields = (await runCli(['doc', 'show', caseId, filled.id, '-w', workspace, '--json'], {env})).json.fields
    expect(fields).toMatchObject({intervieweeName: '谢某', startTime: '2026-10-15 14:30'})
  })

  it('--editor opens $EDITOR on the commented YAML and fills from what was saved', async () => {
    const editor = join(makeTempDir(), 'fill-editor.mjs')
    writeFileSync(
      editor,
      [
        "import {readFileSync, writeFileSync} from 'node:fs'",
        'const file = process.argv[2]',
        'let text = readFileSync(file, "utf8")',
        "if (!text.includes('# 询问记录')) process.exit(3)",
        "text = text.replace(/^startTime:.*$/m, 'startTime: 2026-10-14 09:00').replace(/^endTime:.*$/m, 'endTime: 2026-10-14 09:40')",
        "text = text.replace(/^place:.*$/m, 'place: 所内询问室').replace(/^intervieweeName:.*$/m, 'intervieweeName: 谢某').replace(/^recorder:.*$/m, 'recorder: 李娜')",
        "text = text.replace(/^recusalAnswer:.*$/m, 'recusalAnswer: 不申请回避。')",
        "text = text.replace(/- question:.*$/m, '- question: 是否申请回避？').replace(/^(\\s+)answer:.*$/m, '$1answer: 不申请。')",
        'writeFileSync(file, text)',
      ].join('\n'),
    )
    const result = await runInPty(['doc', 'fill', caseId, '询问笔录', '--editor', '-w', workspace], [], {...env, EDITOR: `node ${editor}`})
    expect(result.exitCode).toBe(0)
    expect(result.output).toContain('《询问笔录》')
  })

  it('without a terminal, doc fill lists every missing field in one error and --template prints the YAML', async () => {
    const missing = await runCli(['doc', 'fill', caseId, '询问笔录', '-w', workspace, '--json'], {env})
    expect(missing.exitCode).toBe(2)
    expect(missing.json.error.message).toContain('询问记录（qa）')
    expect(missing.json.error.message).toContain('被询问人对回避告知的回答（recusalAnswer）')
    const template = await runCli(['doc', 'fill', '--template', '询问笔录'])
    expect(template.exitCode).toBe(0)
    expect(template.stdout).toMatch(/# 询问记录（必填；列表/)
    expect(template.stdout).toMatch(/^qa:$/m)
  })
})
