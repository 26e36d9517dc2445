import {createHash} from 'node:crypto'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'

import type {CaseItem} from '../../src/access/case-items.js'
import {createCase} from '../../src/cases/case-service.js'
import {initWorkspace, type Workspace} from '../../src/workspace/workspace.js'

export const OFFICERS = [
  {certNo: '44010020260001', name: '张伟'},
  {certNo: '44010020260002', name: '李娜'},
]

/** A real workspace (SQLite, SM2 signing key made by init) with one case, made through the foundation's core functions. */
export const makeAccessWorkspace = (): {ws: Workspace; caseId: string; dir: string} => {
  const dir = join(mkdtempSync(join(tmpdir(), 'zfjl-access-')), 'ws')
  const ws = initWorkspace({code: '珠卫', dir, identity: 'declared', keyAlgorithm: 'sm2', officer: '张伟', officers: OFFICERS, unit: '珠晖区卫生健康局'})
  const record = createCase(ws, {
    officers: OFFICERS,
    party: {address: '衡阳市珠晖区东风路1号', idNumber: '91430405MA4L000000', name: '衡阳市某某足浴店'},
    procedure: 'penalty-general',
    title: '未取得卫生许可证从事公共场所经营活动',
  })
  return {caseId: record.id, dir, ws}
}

export const digestsOf = (bytes: Buffer) => ({
  sha256: createHash('sha256').update(bytes).digest('hex'),
  sm3: createHash('sm3').update(bytes).digest('hex'),
})

/** Writes a real file into the case folder and describes it as the stores would. */
export const addItem = (ws: Workspace, caseId: string, kind: CaseItem['kind'], id: string, name: string, bytes: Buffer, label = name): CaseItem => {
  const paths = ws.casePaths(caseId)
  const full = join(kind === 'document' ? paths.documents : paths.media, name)
  writeFileSync(full, bytes)
  return {aliases: [name], caseId, file: relative(ws.root, full), id, kind, label, ...digestsOf(bytes)}
}
