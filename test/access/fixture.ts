import {createHash} from 'node:crypto'
import {writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'

import type {CaseItem} from '../../src/access/case-items.js'
import type {Workspace} from '../../src/workspace/workspace.js'

const digestsOf = (bytes: Buffer) => ({
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
