import {createHash} from 'node:crypto'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {makeCase, makeWorkspace, runCli, spawnPausedAt} from '../helpers/cli.js'
import {tamperCatalog} from '../helpers/tamper.js'
import {type ExportCase, FILL_CORRECTION_ORDER, setUpExportCase} from '../commands/export-setup.js'

const FILL = [...FILL_CORRECTION_ORDER, '--set', 'partyType=organization', '--json']

const staging = (workspace: string): string[] => {
  const dir = join(workspace, '.zfjl', 'staging')
  return existsSync(dir) ? readdirSync(dir) : []
}

/**
 * Each named step of a command is a place a kill -9 can land. After it, the next command must leave
 * the workspace as if the operation never started (no file, no number taken) or as if it finished
 * (file at its name with its row), with a whole audit chain either way.
 */
describe('kill -9 during doc fill', () => {
  it.each([
    ['doc.staged', 'never happened'],
    ['audit.before-commit', 'never happened'],
    ['audit.after-commit', 'finished'],
  ] as const)('killed at %s: the next command leaves it as if it %s', async (point, outcome) => {
    const ws = await makeWorkspace()
    // The 责令改正通知书 addresses the party as 你/你单位, so the case records the party's type.
    const caseId = await makeCase(ws, 'penalty-general', ['--party-type', 'organization'])
    const paused = await spawnPausedAt(point, ['doc', 'fill', caseId, ...FILL, '--workspace', ws])
    await paused.kill()

    const list = await runCli(['doc', 'list', caseId, '--workspace', ws, '--json'])
    expect(list.exitCode, list.stderr).toBe(0)
    const documents = list.json.documents as Array<{id: string; number: string; file: string; sha256: string}>
    const files = readdirSync(join(ws, 'cases', caseId, 'documents'))
    expect(staging(ws)).toEqual([])
    if (outcome === 'finished') {
      expect(documents).toHaveLength(1)
      expect(files).toEqual([basename(documents[0].file)])
      expect(createHash('sha256').update(readFileSync(join(ws, documents[0].file))).digest('hex')).toBe(documents[0].sha256)
    } else {
      expect(documents).toEqual([])
      expect(files).toEqual([])
    }

    // The re-run gets the next free number and a file of its own; the chain is whole.
    const again = await runCli(['doc', 'fill', caseId, ...FILL, '--workspace', ws])
    expect(again.exitCode, again.stdout + again.stderr).toBe(0)
    expect(again.json.number).not.toBe(documents[0]?.number)
    expect(readdirSync(join(ws, 'cases', caseId, 'documents'))).toHaveLength(documents.length + 1)
    const verify = await runCli(['audit', 'verify', '--workspace', ws, '--json'])
    expect(verify.json.ok, JSON.stringify(verify.json)).toBe(true)
  })
})

describe('kill -9 during export', () => {
  let setup: ExportCase
  beforeAll(async () => {
    setup = await setUpExportCase()
  })

  const grant = async (): Promise<string> => {
    const request = await setup.cli(['copy', 'request', setup.caseId, '--all', '--purpose', '行政复议答复', '--by', '张伟', '--officer', '张伟', '--json'])
    expect(request.exitCode, request.stdout).toBe(0)
    const granted = await setup.cli(['copy', 'grant', request.json.id, '--by', '王强', '--officer', '王强', '--json'])
    expect(granted.exitCode, granted.stdout).toBe(0)
    return request.json.id as string
  }

  it.each([
    ['export.staged', 'never happened'],
    ['audit.before-commit', 'never happened'],
    ['audit.after-commit', 'finished'],
  ] as const)('killed at %s: the next command leaves it as if it %s', async (point, outcome) => {
    const approval = await grant()
    const out = join(setup.outDir, `${point}.zip`)
    const paused = await spawnPausedAt(point, ['export', setup.caseId, '--approval', approval, '--out', out, '--workspace', setup.dir])
    await paused.kill()

    const copies = await setup.cli(['copy', 'show', approval, '--json'])
    expect(copies.exitCode, copies.stderr).toBe(0)
    const strays = readdirSync(dirname(out)).filter((name) => name.includes(basename(out)) && name !== basename(out))
    expect(strays).toEqual([])
    const exports = copies.json.exports as string[]
    if (outcome === 'finished') {
      expect(existsSync(out)).toBe(true)
      expect(exports).toHaveLength(1)
      // The one-shot grant is spent, and the next export under a new grant gets a new id.
      const reuse = await setup.cli(['export', setup.caseId, '--approval', approval, '--out', `${out}.again.zip`, '--json'])
      expect(reuse.json.error.code).toBe('APPROVAL_USED')
      const next = await setup.cli(['export', setup.caseId, '--approval', await grant(), '--out', `${out}.next.zip`, '--json'])
      expect(next.exitCode, next.stdout).toBe(0)
      expect(next.json.export).not.toBe(exports[0])
    } else {
      expect(existsSync(out)).toBe(false)
      expect(exports).toEqual([])
      const retry = await setup.cli(['export', setup.caseId, '--approval', approval, '--out', out, '--json'])
      expect(retry.exitCode, retry.stdout).toBe(0)
    }

    const verify = await setup.cli(['audit', 'verify', '--json'])
    expect(verify.json.ok, JSON.stringify(verify.json)).toBe(true)
  })
})

describe('a broken chain stops writers', () => {
  it('refuses case new with exit 6 and one JSON document after the newest audit rows were deleted', async () => {
    const ws = await makeWorkspace()
    await makeCase(ws)
    tamperCatalog(join(ws, '.zfjl', 'zfjl.db'), 'DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)')
    const refused = await runCli(['case', 'event', '2026-0001', 'filed', '--workspace', ws, '--json'])
    expect(refused.exitCode).toBe(6)
    expect(refused.json.error).toMatchObject({code: 'AUDIT_CHAIN_BROKEN'})
    const human = await runCli(['audit', 'verify', '--workspace', ws])
    expect(human.exitCode).toBe(1)
    expect(human.stdout).toContain('最新记录被删除')
  })
})
