import {readdirSync} from 'node:fs'

import PizZip from 'pizzip'

import type {Workspace} from '../../src/workspace/workspace.js'

/** Rows, files and audit entries: what "nothing written" compares. */
export const snapshot = (ws: Workspace, caseId: string): {documents: number; audit: number; events: number; files: string[]} => {
  const count = (sql: string) => ws.db.get<{n: number}>(sql)!.n
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

