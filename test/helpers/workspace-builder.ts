import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

import YAML from 'yaml'

import {createCase, type NewCaseInput} from '../../src/cases/case-service.js'
import {addPerson as addPersonRecord, type Role} from '../../src/people/roles.js'
import {type Workspace} from '../../src/workspace/workspace.js'
import {initWorkspace, type InitOptions} from '../../src/workspace/init-workspace.js'

/**
 * The one way tests build a workspace in-process: real SQLite, real audit chain, real signing key,
 * real files, all made through the domain functions the commands call. `makeWorkspace`/`makeCase`
 * in cli.ts make the same workspace and case through the CLI.
 */

export const makeTempDir = (prefix = 'zfjl-test-'): string => mkdtempSync(join(tmpdir(), prefix))

export const TEST_UNIT = {code: '珠卫', unit: '珠晖区卫生健康局'} as const

export const OFFICERS: Array<{certNo: string; name: string}> = [
  {certNo: '44010020260001', name: '张伟'},
  {certNo: '44010020260002', name: '李娜'},
]

/** The case every builder and `makeCase` make unless a test says otherwise. */
export const STANDARD_CASE: NewCaseInput = {
  officers: [...OFFICERS],
  party: {address: '衡阳市珠晖区东风路1号', idNumber: '91430405MA4L000000', name: '衡阳市某某足浴店'},
  procedure: 'penalty-general',
  title: '未取得卫生许可证从事公共场所经营活动',
}

/** A fresh workspace in a temp folder, acting as 张伟; `options` override the defaults. */
export const buildWorkspace = (options: Partial<InitOptions> = {}): Workspace =>
  initWorkspace({dir: join(makeTempDir(), 'ws'), identity: 'declared', officers: [...OFFICERS], ...TEST_UNIT, ...options})

/** A new case in `ws` (the standard one unless overridden); returns its id. */
export const addCase = (ws: Workspace, input: Partial<NewCaseInput> = {}): string => createCase(ws, {...STANDARD_CASE, ...input}).id

/** A workspace with one standard case. */
export const workspaceWithCase = (options: Partial<InitOptions> = {}): {ws: Workspace; caseId: string; root: string} => {
  const ws = buildWorkspace(options)
  return {caseId: addCase(ws), root: ws.root, ws}
}

export const addPerson = (ws: Workspace, name: string, roles: Role[], certNo?: string) => addPersonRecord(ws, {certNo, name, roles}).person

export const EXAMPLE_DATA = resolve(import.meta.dirname, '..', '..', 'examples', 'documents', 'data')

/** The example data file of a document type (examples/documents/data), as fillDocument's `data`. */
export const exampleData = (typeId: string): Record<string, unknown> =>
  YAML.parse(readFileSync(join(EXAMPLE_DATA, `${typeId}.yaml`), 'utf8')) as Record<string, unknown>
