import {execa} from 'execa'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'

import {addDays} from '../src/platform/civil-date.js'
import {initWorkspace} from '../src/workspace/init-workspace.js'
import type {SqlParameter} from '../src/platform/db/catalog.js'
import {type BenchResult, timeBest} from './bench-result.js'

const CLI = join(import.meta.dirname, '..', 'bin', 'run.js')
const OFFICERS = [
  {certNo: '43040520260001', name: '张伟'},
  {certNo: '43040520260002', name: '李娜'},
  {certNo: '43040520260003', name: '王芳'},
]

interface CaseShape {
  procedure: string
  /** [event, day offset] */
  events: Array<[string, number]>
  /** [document type, day offset, needs approval, served] */
  documents: Array<[string, number, boolean, boolean]>
  /** Steps a video is linked to. */
  video: string[]
}

/** Realistic, mostly complete cases of every procedure; every tenth leaves something out. */
const SHAPES: CaseShape[] = [
  {
    documents: [
      ['inquiry-record', 3, false, false],
      ['penalty-prior-notice', 10, true, true],
      ['penalty-decision', 20, true, true],
    ],
    events: [
      ['filed', 0],
      ['platform-filed', 1],
      ['investigation', 2],
      ['inquiry', 3],
      ['prior-notice-served', 10],
      ['decision-made', 20],
      ['decision-served', 22],
      ['fine-paid', 30],
      ['closed', 35],
      ['platform-closed', 36],
    ],
    procedure: 'penalty-general',
    video: ['investigation', 'inquiry', 'prior-notice-served', 'decision-served'],
  },
  {documents: [['onsite-record', 1, false, false]], events: [['random-draw', 0], ['onsite-inspection', 1], ['platform-uploaded', 1]], procedure: 'inspection', video: ['random-draw', 'onsite-inspection']},
  {documents: [['summary-penalty-decision', 0, false, false]], events: [['summary-decision', 0], ['platform-uploaded', 1]], procedure: 'penalty-summary', video: ['summary-decision']},
  {
    documents: [
      ['seizure-decision', 0, true, true],
      ['seizure-list', 0, false, false],
      ['seizure-disposal', 20, true, true],
    ],
    events: [['seizure', 0], ['seizure-disposed', 20]],
    procedure: 'coercion',
    video: ['seizure', 'seizure-disposed'],
  },
]

const PROCEDURE_MIX = [0, 0, 0, 0, 0, 1, 1, 2, 2, 3]

/**
 * Writes `count` cases straight into a fresh workspace's database, each in one audited transaction:
 * one audit row per case carries the digests of all its rows, as the real commands' rows carry them,
 * so `check` verifies each case's records against the chain as it would in a real workspace.
 */
const generateWorkspace = (count: number): string => {
  const dir = join(mkdtempSync(join(tmpdir(), 'zfjl-bench-rules-')), 'ws')
  const ws = initWorkspace({code: '珠卫', dir, identity: 'declared', officers: OFFICERS, unit: '衡阳市珠晖区卫生健康局'})
  const db = ws.db
  const inserter = (sql: string) => (...values: SqlParameter[]) => db.run(sql, ...values)
  const insertCase = inserter('INSERT INTO cases (id, year, seq, procedure, title, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const insertParty = inserter('INSERT INTO parties (case_id, name, id_number, address) VALUES (?, ?, ?, ?)')
  const insertOfficer = inserter('INSERT INTO case_officers (case_id, position, name, cert_no) VALUES (?, ?, ?, ?)')
  const insertEvent = inserter('INSERT INTO events (case_id, event, at, note, recorded_at, actor, source) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const insertDocument = inserter(`INSERT INTO documents (id, case_id, seq, type, name, doc_date, file, sha256, sm3, fields, template_sha256, drafted_by, drafted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertApproval = inserter('INSERT INTO document_approvals (document_id, role, person, at, recorded_by) VALUES (?, ?, ?, ?, ?)')
  const insertService = inserter('INSERT INTO document_services (document_id, recipient, method, at, receipt_document_id, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const insertMedia = inserter(`INSERT INTO media (id, case_id, seq, file, original, source_path, size, mtime_ms, sha256, sm3, kind, captured_at, added_at, added_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertLink = inserter('INSERT INTO media_links (media_id, event, linked_at, linked_by) VALUES (?, ?, ?, ?)')
  const hash = '0'.repeat(64)
  // Every registered file is there, as in a real workspace: check looks for each one.
  const fileAt = (file: string): string => {
    mkdirSync(dirname(join(dir, file)), {recursive: true})
    writeFileSync(join(dir, file), '')
    return file
  }

  for (let index = 0; index < count; index++) {
    ws.transact((audit) => {
      const shape = SHAPES[PROCEDURE_MIX[index % PROCEDURE_MIX.length]]
      const flawed = index % 10 === 9
      const caseId = `2026-${String(index + 1).padStart(5, '0')}`
      const start = addDays('2026-01-05', index % 250)
      const officers = [OFFICERS[index % 3], OFFICERS[(index + 1) % 3]]
      insertCase(caseId, 2026, index + 1, shape.procedure, `生成案件 ${index + 1}`, `${start}T09:00:00+08:00`, officers[0].name)
      insertParty(caseId, `某某经营户${index + 1}`, null, '衡阳市珠晖区')
      officers.forEach((officer, position) => insertOfficer(caseId, position + 1, officer.name, officer.certNo))
      // A flawed case misses its last event (a platform entry, a disposal …).
      const events = flawed ? shape.events.slice(0, -1) : shape.events
      for (const [event, offset] of events) insertEvent(caseId, event, `${addDays(start, offset)}T10:00:00+08:00`, null, `${start}T18:00:00+08:00`, officers[0].name, 'manual')
      let seq = 0
      for (const [type, offset, approval, served] of shape.documents) {
        const id = `${caseId}-D${String(++seq).padStart(2, '0')}`
        const day = addDays(start, offset)
        insertDocument(id, caseId, seq, type, type, day, fileAt(`cases/${caseId}/documents/${id}.docx`), hash, hash, '{"facts":"生成"}', hash, officers[0].name, `${day}T08:00:00+08:00`)
        if (approval) {
          insertApproval(id, 'review', '赵敏', `${day}T08:10:00+08:00`, '赵敏')
          insertApproval(id, 'approve', '周强', `${day}T08:20:00+08:00`, '周强')
        }

        if (served) {
          const receipt = `${caseId}-D${String(++seq).padStart(2, '0')}`
          insertDocument(receipt, caseId, seq, 'service-receipt', '送达回证', day, fileAt(`cases/${caseId}/documents/${receipt}.docx`), hash, hash, '{}', hash, officers[0].name, `${day}T09:00:00+08:00`)
          insertService(id, '当事人', 'direct', `${day}T10:00:00+08:00`, receipt, officers[0].name, `${day}T11:00:00+08:00`)
        }
      }

      const video = flawed ? shape.video.slice(1) : shape.video
      video.forEach((step, position) => {
        const id = `${caseId}-M${String(position + 1).padStart(3, '0')}`
        insertMedia(id, caseId, position + 1, fileAt(`cases/${caseId}/media/${id}.mp4`), `${id}.mp4`, `/dcim/${id}.mp4`, 1000, 0, hash, hash, 'video', `${start}T10:00:00+08:00`, `${start}T18:00:00+08:00`, officers[0].name)
        insertLink(id, step, `${start}T18:00:00+08:00`, officers[0].name)
      })
      audit({action: 'case.new', caseId, details: {generated: true}, subject: caseId})
    })
  }

  ws.close()
  return dir
}

const checkArgs = (workspace: string) => [CLI, 'check', '--all', '--as-of', '2026-11-27', '--workspace', workspace, '--json']

const checkAll = (workspace: string) => execa('node', checkArgs(workspace), {reject: false})

/**
 * CPU seconds (user + system) of one `check --all`, from bash's `time`: on a shared machine the wall
 * clock measures the neighbours as much as zfjl, the CPU time much less so. Best of `repeat`.
 */
const cpuMs = async (workspace: string, repeat: number): Promise<number> => {
  let best = Number.POSITIVE_INFINITY
  for (let index = 0; index < repeat; index++) {
    const command = `TIMEFORMAT='%3U %3S'; { time node ${checkArgs(workspace).map((arg) => `'${arg}'`).join(' ')} > /dev/null 2>&1 ; } 2>&1`
    const {stdout} = await execa('bash', ['-c', command], {reject: false})
    const [user, system] = stdout.trim().split(/\s+/).map(Number)
    best = Math.min(best, (user + system) * 1000)
  }

  return best
}

/** Issue 5: `check --all` over 10,000 generated cases in under 10 s, growing linearly. */
export const run = async (): Promise<BenchResult[]> => {
  const results: BenchResult[] = []
  const empty = generateWorkspace(0)
  const fixedWall = await timeBest(() => checkAll(empty), 3)
  const fixedCpu = await cpuMs(empty, 3)
  results.push({name: 'check --all 空工作区（启动的固定开销，墙钟）', unit: 'ms', value: fixedWall}, {name: 'check --all 空工作区（CPU）', unit: 'ms', value: fixedCpu})
  rmSync(join(empty, '..'), {force: true, recursive: true})
  const perCase: number[] = []
  for (const count of [1000, 5000, 10_000]) {
    process.stderr.write(`  生成 ${count} 件案件……\n`)
    const dir = generateWorkspace(count)
    const probe = await checkAll(dir)
    const findings = (JSON.parse(probe.stdout) as {findings: unknown[]}).findings.length
    const wall = await timeBest(() => checkAll(dir), 3)
    const cpu = await cpuMs(dir, 3)
    const marginal = (cpu - fixedCpu) / count
    perCase.push(marginal)
    results.push(
      {
        baseline: fixedWall,
        name: `check --all ${count} 件（墙钟）`,
        note: `发现 ${findings} 项；退出码 ${probe.exitCode}`,
        ratio: wall / fixedWall,
        target: count === 10_000 ? '< 10000 ms' : undefined,
        unit: 'ms',
        value: wall,
      },
      {baseline: fixedCpu, name: `check --all ${count} 件（CPU）`, note: `每件 ${marginal.toFixed(3)} ms CPU（扣除启动）`, ratio: cpu / fixedCpu, unit: 'ms', value: cpu},
    )
    rmSync(join(dir, '..'), {force: true, recursive: true})
  }

  results.push({
    name: '线性度：10k 每件 CPU / 1k 每件 CPU',
    note: '≈1 表示随案件数线性增长',
    target: '≈ 1',
    unit: '',
    value: perCase[2] / perCase[0],
  })
  return results
}
