import {appendFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {EXIT_CODES} from '../../src/cli/exit-codes.js'
import {addHead, makeCase, makeTempDir, makeWorkspace, runCli, spawnCli} from '../helpers/cli.js'
import {buildWav} from '../media/media-builders.js'

/**
 * The exit code is what a batch script sees of the process, so each kind is checked on the real
 * process, with and without --json. `internal` (10) has no trigger short of a bug.
 */
describe('the real process (and the in-process harness) exits with the code of each failure kind, with and without --json', () => {
  let ws: string
  let caseId: string
  let changedCase: string
  beforeAll(async () => {
    ws = await makeWorkspace()
    await addHead(ws)
    caseId = await makeCase(ws)
    // A second case whose recorded recording was changed afterwards: packing it must stop.
    changedCase = await makeCase(ws)
    const source = join(makeTempDir('zfjl-exit-'), 'talk.wav')
    writeFileSync(source, buildWav({durationSec: 0.2, sampleRate: 8000}))
    const added = await runCli(['media', 'add', changedCase, source, '--workspace', ws, '--json'])
    expect(added.exitCode, added.stdout + added.stderr).toBe(0)
    appendFileSync(join(ws, added.json.added[0].file), Buffer.from([0]))
  })

  const code = (kind: (typeof EXIT_CODES)[number]['kind']) => EXIT_CODES.find((entry) => entry.kind === kind)!.code
  const failures: Array<{kind: (typeof EXIT_CODES)[number]['kind']; args: () => string[]}> = [
    {args: () => ['case', 'list', '--no-such-flag'], kind: 'usage'},
    {args: () => ['case', 'show', '2099-9999'], kind: 'not-found'},
    {args: () => ['key', 'create'], kind: 'conflict'},
    {args: () => ['export', caseId, '--out', join(makeTempDir('zfjl-exit-out-'), 'copy')], kind: 'forbidden'},
    {args: () => ['archive', 'pack', changedCase, '--out', join(makeTempDir('zfjl-exit-out-'), 'a.zip'), '--force', '--reason', '退出码测试', '--officer', '王强'], kind: 'integrity'},
    {args: () => ['template', 'check', join(makeTempDir('zfjl-exit-'), 'no-such-template.docx')], kind: 'io'},
  ]

  it.each(failures)('$kind', async ({args, kind}) => {
    const human = await spawnCli([...args(), '--workspace', ws])
    expect(human.exitCode, human.stderr).toBe(code(kind))
    expect(human.stdout).toBe('')
    expect(human.stderr).toMatch(/^错误：/m)

    const json = await spawnCli([...args(), '--workspace', ws, '--json'])
    expect(json.exitCode, json.stdout).toBe(code(kind))
    expect(json.json, 'stdout is exactly one JSON document').toBeDefined()
    expect(json.json.error).toMatchObject({exitCode: code(kind), kind})

    // The in-process harness the command tests use ends the same way.
    for (const flags of [[], ['--json']]) {
      const inProcess = await runCli([...args(), '--workspace', ws, ...flags])
      expect(inProcess.exitCode).toBe(code(kind))
    }
  })

  it('findings: the result is printed and the process exits 1', async () => {
    const empty = makeTempDir('zfjl-exit-empty-')
    const human = await spawnCli(['media', 'add', caseId, empty, '--workspace', ws])
    expect(human.exitCode).toBe(code('findings'))
    expect(human.stdout).not.toBe('')
    const json = await spawnCli(['media', 'add', caseId, empty, '--workspace', ws, '--json'])
    expect(json.exitCode).toBe(code('findings'))
    expect(json.json).toMatchObject({failed: [{code: 'NO_FILES'}], ok: false})
  })

  it('changed evidence: media verify prints its result and exits with the integrity code', async () => {
    const human = await spawnCli(['media', 'verify', changedCase, '--workspace', ws])
    expect(human.exitCode).toBe(code('integrity'))
    expect(human.stdout).not.toBe('')
    const json = await spawnCli(['media', 'verify', changedCase, '--workspace', ws, '--json'])
    expect(json.exitCode).toBe(code('integrity'))
    expect(json.json.counts.changed).toBe(1)
  })

  it('ok: exit 0', async () => {
    expect((await spawnCli(['case', 'list', '--workspace', ws])).exitCode).toBe(0)
    const json = await spawnCli(['case', 'list', '--workspace', ws, '--json'])
    expect(json.exitCode).toBe(0)
    expect(json.json).toBeDefined()
  })
})
