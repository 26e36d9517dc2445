import {appendFileSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {makeCase, makeTempDir, makeWorkspace, runCli} from '../helpers/cli.js'
import {buildWav} from '../media/media-builders.js'

/**
 * The nightly job over a workspace with one of each thing a night must catch: evidence changed after
 * registration, a case whose period ran out, and a closed case never archived.
 */
describe('zfjl nightly', () => {
  let workspace: string
  const ids: Record<string, string> = {}
  let changedFile: string

  const cli = async (args: string[]) => runCli([...args, '--workspace', workspace])

  beforeAll(async () => {
    workspace = await makeWorkspace()
    ids.changed = await makeCase(workspace, 'penalty-general')
    const sources = makeTempDir()
    writeFileSync(join(sources, '询问录音.wav'), buildWav({durationSec: 1, sampleRate: 8000}))
    const added = await cli(['media', 'add', ids.changed, join(sources, '询问录音.wav'), '--json'])
    expect(added.exitCode).toBe(0)
    changedFile = join(workspace, added.json.added[0].file)

    ids.overdue = await makeCase(workspace, 'coercion')
    expect((await cli(['case', 'event', ids.overdue, 'seizure', '--at', '2026-09-05', '--json'])).exitCode).toBe(0)

    ids.closed = await makeCase(workspace, 'inspection')
    expect((await cli(['case', 'close', ids.closed, '--json'])).exitCode).toBe(0)
  }, 300_000)

  it('reports all three in one JSON summary, exits 6 for the changed evidence and appends one log line', async () => {
    appendFileSync(changedFile, Buffer.from([0]))
    const result = await cli(['nightly', '--as-of', '2026-11-25', '--json'])
    expect(result.exitCode).toBe(6)
    const summary = result.json
    expect(summary).toMatchObject({ok: false, outcome: 'integrity', schemaVersion: 1})
    expect(summary.fixity.counts.changed).toBe(1)
    expect(summary.fixity.problems).toEqual([expect.objectContaining({caseId: ids.changed, status: 'changed'})])
    expect(summary.check.errorFindings.map((finding: {case: string}) => finding.case)).toContain(ids.overdue)
    expect(summary.archives.closedUnarchived).toEqual([ids.closed])
    expect(summary.audit).toMatchObject({ok: true, problem: null})
    expect(summary.audit.head.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(typeof summary.durationMs).toBe('number')

    const log = readFileSync(join(workspace, '.zfjl', 'nightly.log'), 'utf8').trim().split('\n')
    expect(JSON.parse(log.at(-1) as string)).toMatchObject({closedUnarchived: 1, outcome: 'integrity'})
  })

  it('case list finds closed cases without an archive, with their archive status', async () => {
    const result = await cli(['case', 'list', '--status', 'closed', '--unarchived', '--json'])
    expect(result.exitCode).toBe(0)
    expect(result.json.cases.map((entry: {id: string}) => entry.id)).toEqual([ids.closed])
    expect(result.json.cases[0].archive).toEqual({changedSince: null, lastArchive: null})
    const archived = await cli(['case', 'list', '--archived', '--json'])
    expect(archived.json.cases).toEqual([])
    const due = await cli(['case', 'list', '--due-within', '3', '--as-of', '2026-11-25', '--json'])
    expect(due.json.cases.map((entry: {id: string}) => entry.id)).toContain(ids.overdue)
  })

  it('refuses a budget that is not a size, with one JSON document', async () => {
    const result = await cli(['nightly', '--budget', 'lots', '--json'])
    expect(result.exitCode).toBe(2)
    expect(result.json.error.code).toBe('BUDGET_INVALID')
  })

  it('todo lists what each case needs next, most urgent first', async () => {
    const result = await cli(['todo', '--all', '--as-of', '2026-11-25', '--json'])
    expect(result.exitCode).toBe(0)
    const order = result.json.cases.map((entry: {id: string}) => entry.id)
    expect(order[0]).toBe(ids.overdue)
    expect(result.json.cases.find((entry: {id: string}) => entry.id === ids.closed)?.next).toContain('archive pack')
  })

  it('doctor checks the machine and the workspace, naming the fix', async () => {
    const result = await cli(['doctor', '--json'])
    const checks = Object.fromEntries(result.json.checks.map((entry: {check: string; level: string}) => [entry.check, entry.level]))
    expect(checks).toMatchObject({'audit-chain': 'ok', node: 'ok', 'signing-key': 'ok'})
    expect(Object.keys(checks)).toEqual(expect.arrayContaining(['libreoffice', 'ffprobe', 'holidays', 'disk', 'permissions']))
  })
})
