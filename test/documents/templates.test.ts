import {readFileSync} from 'node:fs'

import PizZip from 'pizzip'
import {describe, expect, it} from 'vitest'

import {buildTemplate} from '../../scripts/build-templates.js'
import {DOCUMENT_TYPES, findDocumentType} from '../../src/law/documents.js'
import {checkTemplate} from '../../src/documents/template-check.js'
import {builtInTemplatePath} from '../../src/documents/templates.js'
import {withSplitTag} from './core-fixture.js'

const documentXml = (bytes: Uint8Array): string => new PizZip(bytes).file('word/document.xml')!.asText()

describe('built-in templates', () => {
  it.each(DOCUMENT_TYPES.map((type) => [type.id]))('%s: committed file is what the build script makes, byte for byte', async (typeId) => {
    const built = await buildTemplate(findDocumentType(typeId)!)
    expect(built.equals(readFileSync(builtInTemplatePath(typeId)))).toBe(true)
  })

  it.each(DOCUMENT_TYPES.map((type) => [type.id]))('%s: passes the template check (whole-run tags, all declared, all required present)', (typeId) => {
    expect(checkTemplate(readFileSync(builtInTemplatePath(typeId)), typeId).problems).toEqual([])
  })

  it('prints the header, the 文号 line and A4 page size with Chinese faces', () => {
    const xml = documentXml(readFileSync(builtInTemplatePath('penalty-decision')))
    expect(xml).toContain('卫生行政执法文书')
    expect(xml).toContain('<w:t xml:space="preserve">{docNumber}</w:t>')
    expect(xml).toContain('w:w="11906" w:h="16838"')
    expect(xml).toContain('w:eastAsia="方正小标宋简体"')
    expect(xml).toContain('w:eastAsia="仿宋"')
    expect(xml).toContain('六十日内向')
    expect(xml).toContain('六个月内依法向')
    expect(documentXml(readFileSync(builtInTemplatePath('receipt')))).toContain('卫生行政许可文书')
  })

  it('is reproducible: two builds give identical bytes', async () => {
    const type = findDocumentType('collective-discussion')!
    const [first, second] = [await buildTemplate(type), await buildTemplate(type)]
    expect(first.equals(second)).toBe(true)
  })
})

describe('template check', () => {
  const decision = readFileSync(builtInTemplatePath('penalty-decision'))

  it('finds a tag split across runs', () => {
    const problems = checkTemplate(withSplitTag(decision, 'facts'), 'penalty-decision').problems
    expect(problems.map((problem) => problem.kind)).toEqual(['split-tag'])
    expect(problems[0].message).toContain('{facts}')
  })

  it('finds undeclared tags and missing required fields', () => {
    const zip = new PizZip(decision)
    const xml = zip.file('word/document.xml')!.asText().replace('>{facts}<', '>{fatcs}<')
    zip.file('word/document.xml', xml)
    const problems = checkTemplate(zip.generate({type: 'nodebuffer'}) as Buffer, 'penalty-decision').problems
    expect(problems.map((problem) => [problem.kind, problem.tag])).toEqual([
      ['undeclared-tag', 'fatcs'],
      ['missing-field', 'facts'],
    ])
  })

  it('reports a file that is not a .docx', () => {
    expect(checkTemplate(Buffer.from('not a zip'), null).problems.map((problem) => problem.kind)).toEqual(['not-docx'])
  })
})
