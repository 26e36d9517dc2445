import Database from 'better-sqlite3'
import {execa} from 'execa'
import {existsSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {CLI, makeCase, makeTempDir, makeWorkspace, runCli} from '../helpers/cli.js'
import {buildWav} from '../media/media-builders.js'

// kill -9 of the real process part-way through: what was recorded stays, nothing is half-written, the re-run completes.
// (One file per scenario, so that the two run in parallel workers.)

const countMedia = (workspace: string): number => {
  const db = new Database(join(workspace, '.zfjl', 'zfjl.db'), {readonly: true})
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'media'").get()
    return table ? (db.prepare('SELECT COUNT(*) AS count FROM media').get() as {count: number}).count : 0
  } finally {
    db.close()
  }
}

describe('an import killed part-way', () => {
  it('registers no partial file, and the re-run hashes only what was not done', {timeout: 180_000}, async () => {
    const workspace = await makeWorkspace()
    const caseId = await makeCase(workspace)
    const source = makeTempDir('zfjl-kill-')
    for (let index = 0; index < 3; index++) writeFileSync(join(source, `a-${index}.wav`), buildWav({durationSec: 0.2 + index / 10, sampleRate: 8000}))
    // Large enough that hashing it takes a few seconds; sorted after the small ones.
    const big = join(source, 'z-big.dat')
    const chunk = Buffer.alloc(16 * 1024 * 1024, 7)
    for (let index = 0; index < 24; index++) writeFileSync(big, chunk, {flag: index === 0 ? 'w' : 'a'})
    const child = execa('node', [CLI, 'media', 'add', caseId, source, '--workspace', workspace, '--json'], {env: {CI: '1', NODE_ENV: 'production'}, reject: false})
    const stagingDir = join(workspace, '.zfjl', 'staging')
    // Kill it once the small files are registered and the big one is being copied.
    // Watched through the catalog itself (read-only), so the check does not wait on a CLI start-up.
    const deadline = Date.now() + 60_000
    for (;;) {
      const registered = existsSync(join(workspace, '.zfjl', 'zfjl.db')) ? countMedia(workspace) : 0
      const staging = existsSync(stagingDir) ? readdirSync(stagingDir).filter((name) => name.includes('-import-')) : []
      if (registered === 3 && staging.length > 0) break
      if (Date.now() > deadline) throw new Error('import never reached the big file')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }

    child.kill('SIGKILL')
    await child
    const afterKill = await runCli(['media', 'list', caseId, '--workspace', workspace, '--json'])
    expect(afterKill.json.media.map((item: {original: string}) => item.original)).toEqual(['a-0.wav', 'a-1.wav', 'a-2.wav'])

    const rerun = await runCli(['media', 'add', caseId, source, '--workspace', workspace, '--json'])
    expect(rerun.exitCode).toBe(0)
    expect(rerun.json.hashedFiles).toBe(1)
    expect(rerun.json.added.map((item: {original: string}) => item.original)).toEqual(['z-big.dat'])
    expect(rerun.json.duplicates).toHaveLength(3)
    const verify = await runCli(['media', 'verify', caseId, '--workspace', workspace, '--json'])
    expect(verify.json.counts).toEqual({changed: 0, missing: 0, moved: 0, ok: 4, unregistered: 0})
    // The big file and its copy are a few hundred MB: not left behind in the temp folder.
    rmSync(source, {force: true, recursive: true})
    rmSync(workspace, {force: true, recursive: true})
  })
})
