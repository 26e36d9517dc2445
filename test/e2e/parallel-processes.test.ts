import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {addHead, caseNewArgs, makeCase, makeWorkspace, PROJECT_ROOT, runCli, spawnCli} from '../helpers/cli.js'

// Numbers are handed out by separate processes racing for the catalog: only real processes test that.

describe('zfjl case new', () => {
  it('gives unique, gapless ids to commands run at the same time', async () => {
    const dir = await makeWorkspace()
    const runs = await Promise.all(Array.from({length: 8}, () => spawnCli(caseNewArgs(dir))))
    for (const run of runs) expect(run.exitCode, run.stdout + run.stderr).toBe(0)
    const ids = runs.map((run) => run.json.id as string)
    const year = new Date().getFullYear()
    expect([...ids].sort()).toEqual(Array.from({length: 8}, (_, index) => `${year}-${String(index + 1).padStart(4, '0')}`))
    const verify = await runCli(['audit', 'verify', '--json', '--workspace', dir])
    expect(verify.exitCode).toBe(0)
    expect(verify.json.rows).toBe(18) // workspace.init, key.create, 8 × (case.new + the 立案 it records)
  })
})

describe('zfjl doc numbering', () => {
  it('gives parallel fills of one type consecutive numbers with no duplicate', async () => {
    const ws = await makeWorkspace()
    const caseId = await makeCase(ws)
    const data = join(PROJECT_ROOT, 'examples', 'documents', 'data', 'penalty-decision.yaml')
    const runs = await Promise.all(
      Array.from({length: 6}, () => spawnCli(['doc', 'fill', caseId, 'penalty-decision', '--data', data, '--date', '2026-04-01', '--workspace', ws, '--json'])),
    )
    for (const run of runs) expect(run.exitCode, run.stdout + run.stderr).toBe(0)
    const numbers = runs.map((run) => run.json.number as string).sort((a, b) => Number(/(\d+)号$/.exec(a)![1]) - Number(/(\d+)号$/.exec(b)![1]))
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6].map((seq) => `珠卫罚〔2026〕${seq}号`))
    expect(new Set(runs.map((run) => run.json.id)).size).toBe(6)
    expect(new Set(runs.map((run) => run.json.file)).size).toBe(6)
  })
})

describe('zfjl archive pack', () => {
  it('gives four parallel packs of one case with default names four archives', {timeout: 300_000}, async () => {
    const ws = await makeWorkspace()
    const asHead = await addHead(ws)
    const caseId = await makeCase(ws)
    const packs = await Promise.all(Array.from({length: 4}, () => spawnCli(['archive', 'pack', caseId, '--force', '--reason', '并行归档测试', ...asHead, '--workspace', ws, '--json'])))
    for (const pack of packs) expect(pack.exitCode, pack.stdout + pack.stderr).toBe(0)
    const files = packs.map((pack) => pack.json.file as string)
    expect(new Set(files).size).toBe(4)
    expect(readdirSync(join(ws, 'cases', caseId, 'archive')).filter((name) => name.endsWith('.zip')).sort()).toEqual(files.map((file) => file.split('/').at(-1)).sort())
  })
})
