import {existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {runDoctor} from '../../src/app/doctor.js'
import {importMedia} from '../../src/media/media-import.js'
import {verifyMedia} from '../../src/media/media-verify.js'
import {packCase} from '../../src/archive/pack-case.js'
import {runCheck} from '../../src/rules/check.js'
import {addPerson} from '../../src/people/roles.js'
import {openWorkspace, type Workspace} from '../../src/workspace/workspace.js'
import {addCase, makeTempDir, workspaceWithCase} from '../helpers/workspace-builder.js'
import {rejectionOf} from '../helpers/refusal.js'
import {tamperCatalog} from '../helpers/tamper.js'

/** No process has this id (Linux pids stay below 2^22), so recovery takes its rows for a crashed writer's. */
const DEAD_PID = 99_999_999

/** A folder the attacker cannot read, holding what must survive. */
const victimFolder = (): string => {
  const victim = join(makeTempDir('zfjl-victim-'), 'victim')
  mkdirSync(join(victim, 'inner'), {recursive: true})
  writeFileSync(join(victim, 'inner', 'precious.txt'), '不能删')
  return victim
}

/** What `work` writes to stderr (recovery's warnings), without letting it through. */
const stderrOf = (work: () => void): string => {
  const written: string[] = []
  const originalWrite = process.stderr.write.bind(process.stderr)
  process.stderr.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stderr.write
  try {
    work()
  } finally {
    process.stderr.write = originalWrite
  }

  return written.join('')
}

describe('file_placements rows written by someone else', () => {
  let ws: Workspace
  let caseId: string
  beforeEach(() => {
    ;({caseId, ws} = workspaceWithCase())
  })
  afterEach(() => ws.close())

  const placeRow = (staged: string, final: string, state: 'staging' | 'committed') =>
    tamperCatalog(ws.paths.database, "INSERT INTO file_placements (final, staged, state, pid, created_at) VALUES (?, ?, ?, ?, '2026-03-02 09:00:00')", final, staged, state, DEAD_PID)

  it('never removes a folder outside the workspace or the signing keys, and says so on stderr', () => {
    const victim = victimFolder()
    const keys = readdirSync(ws.paths.keys)
    expect(keys.length).toBeGreaterThan(0)
    placeRow(victim, join(ws.paths.cases, caseId, 'documents', 'a.docx'), 'staging')
    placeRow(ws.paths.keys, join(ws.paths.cases, caseId, 'documents', 'b.docx'), 'staging')
    placeRow(join(ws.paths.staging, `${DEAD_PID}-0123abcd-x.docx`), '/tmp/zfjl-elsewhere.docx', 'staging')

    const stderr = stderrOf(() => addCase(ws))

    expect(readFileSync(join(victim, 'inner', 'precious.txt'), 'utf8')).toBe('不能删')
    expect(readdirSync(ws.paths.keys)).toEqual(keys)
    expect(stderr).toContain('file_placements')
    expect(stderr).toContain(victim)
    expect(stderr).toContain('zfjl audit verify')
    // Left in place, so the next command still warns and doctor lists them.
    expect(ws.db.all('SELECT final FROM file_placements')).toHaveLength(3)
    const doctor = runDoctor(ws).find((check) => check.check === 'file-placements')
    expect(doctor).toMatchObject({level: 'error', message: expect.stringContaining(victim)})
  })

  it('never renames a file from outside the staging folder into a case, nor a staged copy out of the cases', () => {
    const victim = victimFolder()
    const target = join(ws.paths.cases, caseId, 'documents', 'stolen.txt')
    placeRow(join(victim, 'inner', 'precious.txt'), target, 'committed')
    mkdirSync(ws.paths.staging, {recursive: true})
    const staged = join(ws.paths.staging, `${DEAD_PID}-0123abcd-y.docx`)
    writeFileSync(staged, 'staged')
    placeRow(staged, join(victim, 'y.docx'), 'committed')
    // A row naming a case folder that does not exist neither moves anything nor stops the writer.
    const lost = join(ws.paths.staging, `${DEAD_PID}-89abcdef-w.docx`)
    writeFileSync(lost, 'lost')
    placeRow(lost, join(ws.paths.cases, caseId, 'no-such-folder', 'w.docx'), 'committed')

    addCase(ws)

    expect(readFileSync(join(victim, 'inner', 'precious.txt'), 'utf8')).toBe('不能删')
    expect(() => lstatSync(target)).toThrow()
    expect(() => lstatSync(join(victim, 'y.docx'))).toThrow()
    expect(readFileSync(staged, 'utf8')).toBe('staged')
    expect(readFileSync(lost, 'utf8')).toBe('lost')
  })

  it('does not follow a symlinked staging folder', () => {
    const victim = victimFolder()
    const fake = join(victim, `${DEAD_PID}-0123abcd-z.docx`)
    writeFileSync(fake, '受害者的文件')
    // The staging folder itself replaced by a link into the victim's folder.
    rmSync(ws.paths.staging, {force: true, recursive: true})
    symlinkSync(victim, ws.paths.staging)
    placeRow(join(ws.paths.staging, `${DEAD_PID}-0123abcd-z.docx`), join(ws.paths.cases, caseId, 'documents', 'z.docx'), 'staging')

    addCase(ws)

    expect(readFileSync(fake, 'utf8')).toBe('受害者的文件')
    expect(readFileSync(join(victim, 'inner', 'precious.txt'), 'utf8')).toBe('不能删')
  })

  it('still finishes a crashed document placement and removes a crashed writer\'s partial copy', () => {
    mkdirSync(ws.paths.staging, {recursive: true})
    const committed = join(ws.paths.staging, `${DEAD_PID}-0123abcd-01-notice.docx`)
    // Killed before its COMMIT: a copy no row names.
    const partial = join(ws.paths.staging, `${DEAD_PID}-4567abcd-02-notice.docx`)
    writeFileSync(committed, 'committed copy')
    writeFileSync(partial, 'partial copy')
    const final = join(ws.paths.cases, caseId, 'documents', '01-notice.docx')
    mkdirSync(join(ws.paths.cases, caseId, 'documents'), {recursive: true})
    placeRow(committed, final, 'committed')

    const stderr = stderrOf(() => addCase(ws))

    expect(readFileSync(final, 'utf8')).toBe('committed copy')
    expect(readdirSync(ws.paths.staging)).toEqual([])
    expect(ws.db.all('SELECT final FROM file_placements')).toEqual([])
    expect(stderr).toBe('')
    expect(runDoctor(ws).find((check) => check.check === 'file-placements')?.level).toBe('ok')
  })
})

describe('committed copies that recovery must not lose', () => {
  let ws: Workspace
  let caseId: string
  beforeEach(() => {
    ;({caseId, ws} = workspaceWithCase())
    mkdirSync(join(ws.paths.cases, caseId, 'media'), {recursive: true})
    mkdirSync(ws.paths.staging, {recursive: true})
  })
  afterEach(() => ws.close())

  const committedRow = (staged: string, final: string) =>
    tamperCatalog(ws.paths.database, "INSERT INTO file_placements (final, staged, state, pid, created_at) VALUES (?, ?, 'committed', ?, '2026-03-02 09:00:00')", final, staged, DEAD_PID)

  it('names the workspace as the file system does, however it was reached', () => {
    const alias = join(makeTempDir('zfjl-alias-'), 'ws')
    symlinkSync(ws.root, alias)
    const reached = openWorkspace({workspace: alias})
    try {
      expect(reached.root).toBe(realpathSync(ws.root))
    } finally {
      reached.close()
    }
  })

  it('never lets an uncommitted row, or one naming another process\'s copy, remove a copy in the staging folder', () => {
    const copy = join(ws.paths.staging, `${DEAD_PID}-0123abcd-import-3`)
    writeFileSync(copy, '等待放置的副本')
    const taken = join(ws.paths.cases, caseId, 'media', 'c.mp4')
    writeFileSync(taken, '另一个文件')
    committedRow(copy, taken)
    // zfjl never writes such rows: an uncommitted one for a staging-folder copy, and one whose pid is not the name's.
    tamperCatalog(ws.paths.database, "INSERT INTO file_placements (final, staged, state, pid, created_at) VALUES (?, ?, 'staging', ?, '2026-03-02 09:00:00')", join(ws.paths.cases, caseId, 'media', 'zz.mp4'), copy, DEAD_PID)
    const other = join(ws.paths.staging, `${DEAD_PID}-4567abcd-import-4`)
    writeFileSync(other, '另一个副本')
    tamperCatalog(ws.paths.database, "INSERT INTO file_placements (final, staged, state, pid, created_at) VALUES (?, ?, 'committed', ?, '2026-03-02 09:00:00')", join(ws.paths.cases, caseId, 'media', 'd.mp4'), other, DEAD_PID - 1)

    const stderr = stderrOf(() => addCase(ws))

    expect(readFileSync(copy, 'utf8')).toBe('等待放置的副本')
    expect(readFileSync(other, 'utf8')).toBe('另一个副本')
    expect(existsSync(join(ws.paths.cases, caseId, 'media', 'd.mp4'))).toBe(false)
    expect(stderr).toContain('只会以已提交的记录出现')
    expect(stderr).toContain('进程号')
  })

  it('places a copy committed by a process that reached the workspace through a symlink', () => {
    const alias = join(makeTempDir('zfjl-alias-'), 'ws')
    symlinkSync(ws.root, alias)
    const name = `${DEAD_PID}-0123abcd-import-0`
    writeFileSync(join(ws.paths.staging, name), '执法记录仪视频')
    committedRow(join(alias, '.zfjl', 'staging', name), join(alias, 'cases', caseId, 'media', 'clip.mp4'))

    const stderr = stderrOf(() => addCase(ws))

    expect(readFileSync(join(ws.paths.cases, caseId, 'media', 'clip.mp4'), 'utf8')).toBe('执法记录仪视频')
    expect(readdirSync(ws.paths.staging)).toEqual([])
    expect(ws.db.all('SELECT final FROM file_placements')).toEqual([])
    expect(stderr).toBe('')
  })

  it('never sweeps a copy that a refused row names, and keeps a copy whose final name another file took', () => {
    const refusedCopy = `${DEAD_PID}-0123abcd-import-1`
    writeFileSync(join(ws.paths.staging, refusedCopy), '第一段')
    // Named through a path that no longer exists: judged foreign, so left alone, and not swept either.
    committedRow(join('/nonexistent-zfjl-alias', '.zfjl', 'staging', refusedCopy), join('/nonexistent-zfjl-alias', 'cases', caseId, 'media', 'a.mp4'))
    const blockedCopy = join(ws.paths.staging, `${DEAD_PID}-0123abcd-import-2`)
    writeFileSync(blockedCopy, '第二段')
    const taken = join(ws.paths.cases, caseId, 'media', 'b.mp4')
    writeFileSync(taken, '另一个文件')
    committedRow(blockedCopy, taken)

    const stderr = stderrOf(() => addCase(ws))

    expect(readFileSync(join(ws.paths.staging, refusedCopy), 'utf8')).toBe('第一段')
    expect(readFileSync(blockedCopy, 'utf8')).toBe('第二段')
    expect(readFileSync(taken, 'utf8')).toBe('另一个文件')
    expect(stderr).toContain('那里已有另一个文件')
    expect(ws.db.all('SELECT final FROM file_placements')).toHaveLength(2)
    const doctor = runDoctor(ws).find((check) => check.check === 'file-placements')
    expect(doctor?.level).toBe('error')
    tamperCatalog(ws.paths.database, 'DELETE FROM file_placements WHERE final LIKE ?', '/nonexistent-zfjl-alias%')
    expect(runDoctor(ws).find((check) => check.check === 'file-placements')).toMatchObject({level: 'warning', message: expect.stringContaining(taken)})
  })
})

describe('a registered file whose name another file took before its copy was placed', () => {
  it('is judged by its waiting copy: media verify says so instead of calling it changed, doctor warns, and pack refuses', async () => {
    const {caseId, root, ws} = workspaceWithCase()
    try {
      addPerson(ws, {name: '王强', roles: ['head']})
      const source = join(makeTempDir('zfjl-card-'), '现场说明.txt')
      writeFileSync(source, '现场检查说明')
      const [added] = (await importMedia(ws, caseId, [source])).added
      // As if killed after COMMIT, and another file put at the name before the copy was renamed there.
      const final = join(root, added.file)
      const copy = join(ws.paths.staging, `${DEAD_PID}-0123abcd-import-0`)
      renameSync(final, copy)
      writeFileSync(final, '另一个文件')
      tamperCatalog(ws.paths.database, "INSERT INTO file_placements (final, staged, state, pid, created_at) VALUES (?, ?, 'committed', ?, '2026-03-02 09:00:00')", final, copy, DEAD_PID)

      const verified = await verifyMedia(ws, {caseId})
      expect(verified.entries).toEqual([expect.objectContaining({detail: expect.stringContaining('与登记一致'), mediaId: added.id, status: 'missing'})])
      expect(verified.entries[0].detail).toContain('原位置上是另一个未登记的文件')
      expect(runDoctor(ws).find((check) => check.check === 'file-placements')).toMatchObject({level: 'warning', message: expect.stringContaining(copy)})
      expect(runCheck(ws, {caseId}).findings).toContainEqual(expect.objectContaining({message: expect.stringContaining('尚未放到位'), rule: 'registered-file-missing'}))
      const refused = await rejectionOf(() => packCase(ws.as('王强'), caseId, {force: true, reason: '强制'}))
      expect(refused).toMatchObject({code: 'EVIDENCE_AWAITING_PLACEMENT', kind: 'integrity'})
      expect(readFileSync(copy, 'utf8')).toBe('现场检查说明')
    } finally {
      ws.close()
    }
  })
})

describe('a staging folder that is not the workspace\'s own', () => {
  it('refuses media add before anything is copied (STAGING_DISPLACED)', async () => {
    const {caseId, ws} = workspaceWithCase()
    try {
      const elsewhere = makeTempDir('zfjl-elsewhere-')
      rmSync(ws.paths.staging, {force: true, recursive: true})
      symlinkSync(elsewhere, ws.paths.staging)
      const source = join(makeTempDir('zfjl-card-'), '现场说明.txt')
      writeFileSync(source, '现场检查说明')
      const refused = await rejectionOf(() => importMedia(ws, caseId, [source]))
      expect(refused).toMatchObject({code: 'STAGING_DISPLACED', kind: 'integrity'})
      expect(readdirSync(elsewhere)).toEqual([])
      expect(readdirSync(ws.casePaths(caseId).media)).toEqual([])
    } finally {
      ws.close()
    }
  })
})

describe('placement rows naming registered evidence', () => {
  it('never remove or replace it, however they spell its path (./, absolute, as the staged copy or the final name)', async () => {
    const {caseId, root, ws} = workspaceWithCase()
    try {
      const source = join(victimFolder(), '现场说明.txt')
      writeFileSync(source, '现场检查说明')
      const [added] = (await importMedia(ws, caseId, [source])).added
      const stored = join(root, added.file)
      const decoy = join(ws.paths.staging, `${DEAD_PID}-0123abcd-decoy`)
      writeFileSync(decoy, '伪造的内容')
      for (const [index, spelled] of [`./${added.file}`, stored].entries()) {
        const final = join(ws.paths.cases, caseId, 'media', `other-${index}.txt`)
        tamperCatalog(ws.paths.database, "INSERT INTO file_placements (final, staged, state, pid, created_at) VALUES (?, ?, 'staging', ?, '2026-03-02 09:00:00')", final, spelled, DEAD_PID)
      }

      tamperCatalog(ws.paths.database, "INSERT INTO file_placements (final, staged, state, pid, created_at) VALUES (?, ?, 'committed', ?, '2026-03-02 09:00:00')", stored, decoy, DEAD_PID)
      stderrOf(() => addCase(ws))
      expect(readFileSync(stored, 'utf8')).toBe('现场检查说明')
      expect(readdirSync(ws.casePaths(caseId).media)).toEqual([added.file.split('/').at(-1)])
    } finally {
      ws.close()
    }
  })
})
