import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {execa} from 'execa'
import YAML from 'yaml'

import {createCase} from '../src/cases/case-service.js'
import {initWorkspace} from '../src/workspace/init-workspace.js'
import {fillDocument} from '../src/documents/fill-document.js'
import {type BenchResult, timeBest} from './bench-result.js'

const ROOT = join(import.meta.dirname, '..')
const CLI = join(ROOT, 'bin', 'run.js')
const DATA_FILE = join(ROOT, 'examples', 'documents', 'data', 'penalty-decision.yaml')
const BATCH = 200

const newCase = (root: string) => {
  const ws = initWorkspace({
    code: '珠卫',
    dir: root,
    identity: 'declared',
    officers: [
      {certNo: '44010020260001', name: '张伟'},
      {certNo: '44010020260002', name: '李娜'},
    ],
    unit: '珠晖区卫生健康局',
  })
  const created = createCase(ws, {
    officers: ws.config.officers,
    party: {address: '衡阳市珠晖区东风路1号', idNumber: '91430405MA4L000000', name: '衡阳市某某足浴店'},
    procedure: 'penalty-general',
    title: '未取得卫生许可证从事公共场所经营活动',
  })
  return {caseId: created.id, ws}
}

/**
 * Issue 3: filling 200 documents in one process costs about 200 steady-state fills, not 200 cold
 * starts: the template is read and parsed once, the database opened once. The first fill (cold:
 * template read, modules warmed) is the baseline; each of the 200 writes, hashes (SHA-256 + SM3),
 * numbers and audits a real 行政处罚决定书 inside its own transaction.
 */
export const run = async (): Promise<BenchResult[]> => {
  const scratch = mkdtempSync(join(tmpdir(), 'zfjl-bench-doc-'))
  try {
    const data = YAML.parse(readFileSync(DATA_FILE, 'utf8')) as Record<string, unknown>
    const {caseId, ws} = newCase(join(scratch, 'core'))
    let started = performance.now()
    fillDocument(ws, caseId, 'penalty-decision', {data})
    const first = performance.now() - started
    started = performance.now()
    for (let index = 0; index < BATCH; index++) fillDocument(ws, caseId, 'penalty-decision', {data})
    const batch = performance.now() - started
    ws.close()

    const cliRoot = join(scratch, 'cli')
    const cli = newCase(cliRoot)
    cli.ws.close()
    const version = await timeBest(() => execa('node', [CLI, '--version']), 3)
    const fillCall = await timeBest(() => execa('node', [CLI, 'doc', 'fill', cli.caseId, 'penalty-decision', '--data', DATA_FILE, '--workspace', cliRoot, '--json']), 3)
    return [
      {
        baseline: BATCH * first,
        name: `核心 API 连续填写 ${BATCH} 份行政处罚决定书（对比 ${BATCH} × 首份）`,
        note: `首份 ${first.toFixed(1)} ms，之后每份 ${(batch / BATCH).toFixed(1)} ms`,
        ratio: batch / (BATCH * first),
        target: '< 1（无逐份启动开销）',
        unit: 'ms',
        value: batch,
      },
      {baseline: first, name: '每份文书（稳定状态）对比首份', ratio: batch / BATCH / first, unit: 'ms', value: batch / BATCH},
      {baseline: version, name: 'zfjl doc fill 单次 CLI 调用（对比 zfjl --version）', ratio: fillCall / version, unit: 'ms', value: fillCall},
    ]
  } finally {
    rmSync(scratch, {force: true, recursive: true})
  }
}
