import {existsSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {activeMarks} from '../../src/access/marks.js'
import {findPerson} from '../../src/people/roles.js'
import {demoStep, setUpDemoPeople} from '../../src/app/demo/steps/access.js'
import type {Workspace} from '../../src/workspace/workspace.js'
import {importMedia} from '../../src/media/media-import.js'
import {listAudit} from '../../src/platform/db/audit-chain.js'
import {workspaceWithCase} from '../helpers/workspace-builder.js'

describe('access demo step', () => {
  let ws: Workspace
  afterEach(() => ws?.close())

  it('sets up the demo people, then requests, is refused, grants, exports once and is refused again', async () => {
    let caseId: string
    let dir: string
    ;({caseId, root: dir, ws} = workspaceWithCase())
    expect(setUpDemoPeople(ws)).toHaveLength(4)
    expect(setUpDemoPeople(ws)).toEqual([])
    expect(findPerson(ws, '王建国')?.roles).toEqual(['head'])
    expect(findPerson(ws, '陈静')?.roles).toEqual(['custodian'])
    const sources = ['现场说明.txt', '身份证.txt'].map((name) => {
      const path = join(dirname(dir), name)
      writeFileSync(path, `演示文件 ${name}`)
      return path
    })
    const imported = await importMedia(ws, caseId, sources)
    expect(imported.added).toHaveLength(2)

    const result = await demoStep({caseId, examplesDir: dirname(dir), progress: () => undefined, ws})
    const text = result.summary.join('\n')
    expect(text).toMatch(/APPROVAL_PENDING/)
    expect(text).toMatch(/APPROVAL_USED/)
    expect(text).toMatch(/校验通过/)
    expect(existsSync(join(ws.root, 'exports', `复制件-${caseId}.zip`))).toBe(true)
    expect(activeMarks(ws, caseId).size).toBe(1)
    const [exported] = listAudit(ws.db, {action: 'export'})
    expect(exported.details).toMatchObject({grantor: '王建国', requester: '李娜'})
    expect(exported.details.files).toHaveLength(1)
  })
})
