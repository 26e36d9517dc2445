import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {createCase} from '../../src/cases/case-service.js'
import {initWorkspace, type Workspace} from '../../src/workspace/workspace.js'

export const FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures', 'media')

export const tempDir = (prefix = 'zfjl-media-'): string => mkdtempSync(join(tmpdir(), prefix))

/** A real workspace (SQLite, audit chain) with one general-procedure case. */
export const workspaceWithCase = (): {ws: Workspace; caseId: string; root: string} => {
  const root = join(tempDir(), 'ws')
  const ws = initWorkspace({
    code: '珠卫',
    dir: root,
    identity: 'declared',
    officers: [
      {certNo: '43040520260001', name: '张伟'},
      {certNo: '43040520260002', name: '李娜'},
    ],
    unit: '衡阳市珠晖区卫生健康局',
  })
  const record = createCase(ws, {
    officers: [
      {certNo: '43040520260001', name: '张伟'},
      {certNo: '43040520260002', name: '李娜'},
    ],
    party: {address: '衡阳市珠晖区东风路88号', idNumber: null, name: '某某足浴店'},
    procedure: 'penalty-general',
    title: '未取得公共场所卫生许可证从事经营活动',
  })
  return {caseId: record.id, root, ws}
}
