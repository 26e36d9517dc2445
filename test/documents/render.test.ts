import {spawnSync} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join, resolve} from 'node:path'

import {describe, expect, it} from 'vitest'

import {fillDocument} from '../../src/documents/fill-document.js'
import {exampleData, workspaceWithCase} from '../helpers/workspace-builder.js'

const hasTool = (command: string, args: string[]) => spawnSync(command, args, {stdio: 'ignore'}).status === 0
const hasSoffice = hasTool('soffice', ['--version']) && hasTool('pdftotext', ['-v'])

const FONTS = resolve(import.meta.dirname, '..', '..', 'examples', 'documents', 'fonts.conf')

/** The longest sealed examples, and a 行政处罚决定书 grown two evidence rows at a time past twenty so the page break falls at each point of the closing. */
const documentsToRender = (): Array<{typeId: string; data: Record<string, unknown>}> => {
  const decision = exampleData('penalty-decision')
  const evidence = decision.evidenceList as Array<Record<string, string>>
  const grown = Array.from({length: 12}, (_, extra) => ({
    data: {
      ...decision,
      evidenceList: [...evidence, ...Array.from({length: 20 + extra * 2}, (_, index) => ({name: `补充证据材料${index + 1}份`, proves: '营业收入和经营时间'}))],
    },
    typeId: 'penalty-decision',
  }))
  const longest = ['summary-penalty-decision', 'penalty-prior-notice', 'seizure-decision', 'seizure-extension', 'payment-reminder', 'supervision-opinion', 'permit-denial']
  return [...grown, ...longest.map((typeId) => ({data: exampleData(typeId), typeId}))]
}

const pageText = (pdf: string, page: number): string =>
  spawnSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], {encoding: 'utf8'}).stdout

const pageCount = (pdf: string): number => {
  const info = spawnSync('pdfinfo', [pdf], {encoding: 'utf8'}).stdout
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0)
}

describe('rendered through LibreOffice', () => {
  it.skipIf(!hasSoffice)(
    'never leaves the seal block alone on the last page (GB/T 9704: the seal stands on a page with text)',
    () => {
      const {ws, caseId, root} = workspaceWithCase()
      const files = documentsToRender().map(({typeId, data}) => join(root, fillDocument(ws, caseId, typeId, {data, date: '2026-04-01'}).file))
      ws.close()
      const out = mkdtempSync(join(tmpdir(), 'zfjl-render-'))
      const converted = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${out}/profile`, '--convert-to', 'pdf', '--outdir', out, ...files], {
        encoding: 'utf8',
        env: {...process.env, FONTCONFIG_FILE: FONTS},
      })
      expect(converted.status, converted.stderr).toBe(0)
      const pageCounts: number[] = []
      for (const file of files) {
        const pdf = join(out, basename(file).replace(/\.docx$/, '.pdf'))
        const pages = pageCount(pdf)
        pageCounts.push(pages)
        expect(pages, pdf).toBeGreaterThan(0)
        const body = pageText(pdf, pages)
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '' && !/（印章）$/.test(line) && !/^\d{4}\s*年\s*\d+\s*月\s*\d+\s*日$/.test(line) && !/^第\s*\d+\s*页\s*共\s*\d+\s*页$/.test(line))
        expect(body.length, `${basename(pdf)}：最后一页只有印章`).toBeGreaterThan(0)
      }

      // The grown decisions do cross onto a further page: the closing meets the page break somewhere.
      expect(new Set(pageCounts.slice(0, 12)).size).toBeGreaterThan(1)
    },
    600_000,
  )
})
