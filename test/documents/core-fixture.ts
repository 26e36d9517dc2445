import {mkdtempSync, readdirSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

import PizZip from 'pizzip'
import YAML from 'yaml'

import {createCase} from '../../src/cases/case-service.js'
import {initWorkspace, type Workspace} from '../../src/workspace/workspace.js'

export const EXAMPLE_DATA = resolve(import.meta.dirname, '..', '..', 'examples', 'documents', 'data')

/** The example data file of a type, as fillDocument's `data`. */
export const exampleData = (typeId: string): Record<string, unknown> =>
  YAML.parse(readFileSync(join(EXAMPLE_DATA, `${typeId}.yaml`), 'utf8')) as Record<string, unknown>

/** A real workspace (SQLite, folders) in a temp dir with one penalty-general case. */
export const makeCoreCase = (): {ws: Workspace; caseId: string; root: string} => {
  const root = join(mkdtempSync(join(tmpdir(), 'zfjl-doc-')), 'ws')
  const ws = initWorkspace({
    code: '珠卫',
    dir: root,
    identity: 'declared',
    officers: [
      {certNo: '44010020260001', name: '张伟'},
      {certNo: '44010020260002', name: '李娜'},
    ],
    officer: '张伟',
    unit: '珠晖区卫生健康局',
  })
  const created = createCase(ws, {
    officers: ws.config.officers,
    party: {address: '衡阳市珠晖区东风路1号', idNumber: '91430405MA4L000000', name: '衡阳市某某足浴店'},
    procedure: 'penalty-general',
    title: '未取得卫生许可证从事公共场所经营活动',
  })
  return {caseId: created.id, root, ws}
}

/** Rows, files and audit entries: what "nothing written" compares. */
export const snapshot = (ws: Workspace, caseId: string): {documents: number; audit: number; events: number; files: string[]} => {
  const count = (sql: string) => (ws.db.prepare(sql).get() as {n: number}).n
  return {
    audit: count('SELECT COUNT(*) AS n FROM audit_log'),
    documents: count('SELECT COUNT(*) AS n FROM documents'),
    events: count('SELECT COUNT(*) AS n FROM events'),
    files: listFiles(ws.casePaths(caseId).documents),
  }
}


const listFiles = (dir: string): string[] => {
  try {
    return readdirSync(dir).sort()
  } catch {
    return []
  }
}

/** A template as Word leaves it after someone retypes part of a tag: `{fac` and `ts}` in two runs. */
export const withSplitTag = (bytes: Uint8Array, tag: string): Buffer => {
  const zip = new PizZip(bytes)
  const xml = zip.file('word/document.xml')!.asText()
  const whole = `<w:t xml:space="preserve">{${tag}}</w:t>`
  if (!xml.includes(whole)) throw new Error(`tag {${tag}} not found as a whole run`)
  const cut = Math.ceil(tag.length / 2)
  zip.file(
    'word/document.xml',
    xml.replace(whole, `<w:t xml:space="preserve">{${tag.slice(0, cut)}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${tag.slice(cut)}}</w:t>`),
  )
  return zip.generate({type: 'nodebuffer'}) as Buffer
}

