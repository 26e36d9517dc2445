import {closeSync, existsSync, ftruncateSync, openSync, readdirSync, statSync, writeSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {buildMp4} from '../archive/bag-fixtures.js'
import {addHead, makeCase, makeTempDir, makeWorkspace, runCli, spawnPausedAt} from '../helpers/cli.js'

// kill -9 of the real process part-way through: what was recorded stays, nothing is half-written, the re-run completes.
// (One file per scenario, so that the scenarios run in parallel workers.)

/** A body-cam file of `bytes` whose head is real MP4 and whose mdat is a hole: large, yet cheap to make. */
const sparseVideo = (path: string, bytes: number): void => {
  const head = buildMp4(600, 0)
  const mdatSize = bytes - head.length + 8
  head.writeUInt32BE(mdatSize, head.length - 8)
  const fd = openSync(path, 'w')
  writeSync(fd, head)
  ftruncateSync(fd, bytes)
  closeSync(fd)
}

describe('zfjl archive pack killed midway', {timeout: 300_000}, () => {
  it('leaves nothing at --out after SIGKILL at a named point; its temp file lies where no verify reads and the next pack removes it', async () => {
    const ws = await makeWorkspace()
    const asHead = await addHead(ws)
    const caseId = await makeCase(ws)
    const sources = makeTempDir('zfjl-archive-big-')
    for (const name of ['DSJ_0001.mp4', 'DSJ_0002.mp4']) sparseVideo(join(sources, name), 20 * 1024 * 1024)
    const added = await runCli(['media', 'add', caseId, join(sources, 'DSJ_0001.mp4'), join(sources, 'DSJ_0002.mp4'), '--workspace', ws, '--json'])
    expect(added.exitCode, added.stdout + added.stderr).toBe(0)
    const folder = makeTempDir('zfjl-archive-kill-')
    const out = join(folder, `${caseId}.zip`)
    const args = ['archive', 'pack', caseId, '--out', out, '--force', '--reason', '中断测试', ...asHead, '--workspace', ws, '--json']
    const staging = join(ws, '.zfjl', 'staging')
    const temporaries = () => (existsSync(staging) ? readdirSync(staging) : []).filter((name) => name.endsWith('-pack.zip'))
    const paused = await spawnPausedAt('archive.pack.streaming', args)
    expect(temporaries()).toHaveLength(1)
    await paused.kill()
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(folder)).toEqual([])

    const again = await runCli(args)
    expect(again.exitCode, again.stdout + again.stderr).toBe(0)
    expect(again.json.size).toBe(statSync(out).size)
    expect(temporaries()).toEqual([])
    const verified = await runCli(['archive', 'verify', out, '--workspace', ws, '--json'])
    expect(verified.json.properties.find((property: {property: string}) => property.property === 'integrity').passed).toBe(true)
    expect(verified.json.signature.valid).toBe(true)
  })
})
