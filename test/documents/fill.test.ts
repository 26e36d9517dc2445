import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {createHash} from 'node:crypto'
import {join} from 'node:path'

import PizZip from 'pizzip'
import {afterEach, describe, expect, it} from 'vitest'

import {DOCUMENT_TYPES} from '../../src/law/documents.js'
import type {Workspace} from '../../src/workspace/workspace.js'
import {voidDocument} from '../../src/documents/document-actions.js'
import {findDocument, listDocuments} from '../../src/documents/document-store.js'
import {fillDocument} from '../../src/documents/fill-document.js'
import {builtInTemplatePath, overrideTemplatePath} from '../../src/documents/templates.js'
import {exampleData, workspaceWithCase} from '../helpers/workspace-builder.js'
import {snapshot, withSplitTag} from './core-fixture.js'
import {refusalOf} from '../helpers/refusal.js'

let opened: Workspace | undefined
const setup = () => {
  const made = workspaceWithCase()
  opened = made.ws
  return made
}

afterEach(() => opened?.close())

const bodyText = (root: string, file: string): string => {
  const xml = new PizZip(readFileSync(join(root, file))).file('word/document.xml')!.asText()
  return xml.replace(/<[^>]+>/g, '')
}

describe('fillDocument', () => {
  it('fills every one of the 40 types from its example data: valid .docx, no tag left, hashes of the file', () => {
    const {ws, caseId, root} = setup()
    for (const type of DOCUMENT_TYPES) {
      const record = fillDocument(ws, caseId, type.id, {data: exampleData(type.id), date: '2026-04-01'})
      const bytes = readFileSync(join(root, record.file))
      const text = bodyText(root, record.file)
      expect(text, type.id).not.toMatch(/[{}]/)
      expect(text, type.id).toContain(type.name)
      expect(text, type.id).toContain('珠晖区卫生健康局')
      expect(record.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
      expect(record.sm3).toBe(createHash('sm3').update(bytes).digest('hex'))
      expect(record.type).toBe(type.id)
      expect(record.draftedBy).toBe('张伟')
    }

    expect(listDocuments(ws, caseId)).toHaveLength(40)
  })

  it('numbers 文号 per 类别字 and year with 六角括号, 编号 per type, and names the file by order, type and number', () => {
    const {ws, caseId} = setup()
    const first = fillDocument(ws, caseId, 'penalty-decision', {data: exampleData('penalty-decision'), date: '2026-04-01'})
    const second = fillDocument(ws, caseId, '行政处罚决定书', {data: exampleData('penalty-decision'), date: '2026-04-02'})
    const notice = fillDocument(ws, caseId, 'penalty-prior-notice', {data: exampleData('penalty-prior-notice'), date: '2026-03-15'})
    const lastYear = fillDocument(ws, caseId, 'penalty-decision', {data: exampleData('penalty-decision'), date: '2025-12-30'})
    const serial = fillDocument(ws, caseId, 'sampling-record', {data: exampleData('sampling-record'), date: '2026-03-02'})
    expect([first.number, second.number, notice.number, lastYear.number, serial.number]).toEqual([
      '珠卫罚\u30142026\u30151号',
      '珠卫罚〔2026〕2号',
      '珠卫罚告〔2026〕1号',
      '珠卫罚〔2025〕1号',
      '2026-001',
    ])
    expect(first.id).toBe(`${caseId}-D01`)
    expect(first.file).toBe(`cases/${caseId}/documents/01-penalty-decision-珠卫罚〔2026〕1号.docx`)
    expect(serial.file).toBe(`cases/${caseId}/documents/05-sampling-record-2026-001.docx`)
    expect(findDocument(ws, caseId, '珠卫罚〔2026〕2号').id).toBe(second.id)
    expect(findDocument(ws, caseId, 'D03').id).toBe(notice.id)
  })

  it('uses the 类别字 from the workspace configuration', () => {
    const {ws, caseId} = setup()
    ws.config.categoryCodes['penalty-decision'] = '医罚'
    expect(fillDocument(ws, caseId, 'penalty-decision', {data: exampleData('penalty-decision')}).number).toMatch(/^珠卫医罚〔\d{4}〕1号$/)
  })

  it('keeps a voided number used: the next document gets the next number', () => {
    const {ws, caseId} = setup()
    const data = exampleData('penalty-prior-notice')
    const first = fillDocument(ws, caseId, 'penalty-prior-notice', {data, date: '2026-03-15'})
    const voided = voidDocument(ws, caseId, first.id, {reason: '当事人名称有误'})
    expect(voided.voided).toMatchObject({by: '张伟', reason: '当事人名称有误'})
    const next = fillDocument(ws, caseId, 'penalty-prior-notice', {data, date: '2026-03-16'})
    expect(next.number).toBe('珠卫罚告〔2026〕2号')
    expect(readFileSync(join(ws.root, first.file)).length).toBeGreaterThan(0)
    expect(() => voidDocument(ws, caseId, first.id, {reason: '再次'})).toThrow(/已于.*作废/)
  })

  it('fills what the case knows: party, address, id number, 案由, officers with 执法证号, remedy bodies', () => {
    const {ws, caseId, root} = setup()
    const record = fillDocument(ws, caseId, 'penalty-decision', {data: exampleData('penalty-decision')})
    expect(record.fields).toMatchObject({
      court: '珠晖区人民法院',
      partyAddress: '衡阳市珠晖区东风路1号',
      partyIdNo: '91430405MA4L000000',
      partyName: '衡阳市某某足浴店',
      reviewBody: '珠晖区人民政府',
    })
    const inquiry = fillDocument(ws, caseId, 'inquiry-record', {data: exampleData('inquiry-record')})
    expect(inquiry.fields.officers).toEqual([
      {certNo: '44010020260001', name: '张伟'},
      {certNo: '44010020260002', name: '李娜'},
    ])
    const text = bodyText(root, inquiry.file)
    expect(text).toContain('44010020260002')
    expect(text).toContain('未取得卫生许可证从事公共场所经营活动')
    expect(text).toContain('2026年3月10日9时30分')
  })

  it('records the catalog event on fill (penalty-decision → decision-made), sourced to the document', () => {
    const {ws, caseId} = setup()
    const record = fillDocument(ws, caseId, 'penalty-decision', {data: exampleData('penalty-decision'), date: '2026-04-01'})
    const event = ws.db.get<{at: string; source: string}>("SELECT * FROM events WHERE event = 'decision-made'")!
    expect(event).toMatchObject({at: '2026-04-01', source: `doc:${record.id}`})
    const audit = ws.db.get<{subject: string}>("SELECT * FROM audit_log WHERE action = 'doc.fill'")!
    expect(audit.subject).toBe(record.id)
  })

  it.each([
    ['an unknown type', 'no-such-type', {}, 'DOC_TYPE_UNKNOWN', /未知的文书类型/],
    ['a date that does not exist', 'penalty-decision', {date: '2026-02-30'}, 'DATE_INVALID', /2026-02-30/],
    ['a field date that does not exist', 'penalty-decision', {set: {caseOpenDate: '2026-02-30'}}, 'DOC_FIELDS_INVALID', /立案日期.*2026-02-30/],
    ['negative money', 'penalty-decision', {set: {fineAmount: '-5'}}, 'DOC_FIELDS_INVALID', /不能为负数/],
    ['money that is not an amount', 'penalty-decision', {set: {fineAmount: '五千'}}, 'DOC_FIELDS_INVALID', /不是金额/],
    ['an undeclared field', 'penalty-decision', {set: {fatcs: 'x'}}, 'DOC_FIELDS_INVALID', /「fatcs」不是该文书的字段/],
    ['a list row without its required cell', 'penalty-decision', {set: {penalties: '[{"content": ""}]'}}, 'DOC_FIELDS_INVALID', /处罚内容第 1 行/],
  ])('refuses %s with one Chinese usage error and writes nothing', (_name, type, options, code, message) => {
    const {ws, caseId} = setup()
    const before = snapshot(ws, caseId)
    const error = refusalOf(() => fillDocument(ws, caseId, type, {data: exampleData('penalty-decision'), ...options}))
    expect(error.kind).toBe('usage')
    expect(error.code).toBe(code)
    expect(error.message).toMatch(message)
    expect(snapshot(ws, caseId)).toEqual(before)
  })

  it('lists every missing required field in one error', () => {
    const {ws, caseId} = setup()
    const before = snapshot(ws, caseId)
    const error = refusalOf(() => fillDocument(ws, caseId, 'penalty-decision', {set: {fineAmount: '-1'}}))
    expect(error.message).toContain('违法事实（facts）')
    expect(error.message).toContain('处罚依据（penaltyBasis）')
    expect(error.message).toContain('不能为负数')
    expect((error.details?.missing as Array<{key: string}>).map((field) => field.key)).toEqual(['partyType', 'facts', 'evidenceList', 'violatedProvision', 'penaltyBasis', 'correctionOrder', 'penalties'])
    expect(snapshot(ws, caseId)).toEqual(before)
  })

  it('uses a workspace template in place of the built-in one, and refuses one with a split tag', () => {
    const {ws, caseId, root} = setup()
    mkdirSync(ws.paths.templates, {recursive: true})
    const override = overrideTemplatePath(ws, 'correction-order')
    const zip = new PizZip(readFileSync(builtInTemplatePath('correction-order')))
    zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('特此', '本单位专用：特此').replace('经查，', '本局经查，'))
    writeFileSync(override, zip.generate({type: 'nodebuffer'}) as Buffer)
    const record = fillDocument(ws, caseId, 'correction-order', {data: exampleData('correction-order')})
    expect(bodyText(root, record.file)).toContain('本局经查，')

    writeFileSync(override, withSplitTag(readFileSync(builtInTemplatePath('correction-order')), 'facts'))
    const before = snapshot(ws, caseId)
    const error = refusalOf(() => fillDocument(ws, caseId, 'correction-order', {data: exampleData('correction-order')}))
    expect([error.kind, error.code]).toEqual(['usage', 'TEMPLATE_INVALID'])
    expect(error.message).toContain('{facts}')
    expect(snapshot(ws, caseId)).toEqual(before)
    copyFileSync(builtInTemplatePath('correction-order'), override)
  })

  it('refuses a date in the future for a document that records an event, leaving no file behind', () => {
    const {ws, caseId} = setup()
    const before = snapshot(ws, caseId)
    const error = refusalOf(() => fillDocument(ws, caseId, 'penalty-decision', {data: exampleData('penalty-decision'), date: '2098-12-31'}))
    expect(error.code).toBe('DATE_IN_FUTURE')
    expect(snapshot(ws, caseId)).toEqual(before)
  })

  it('keeps document history append-only: no UPDATE or DELETE of documents, approvals, services or voids', () => {
    const {ws, caseId} = setup()
    const record = fillDocument(ws, caseId, 'correction-order', {data: exampleData('correction-order')})
    voidDocument(ws, caseId, record.id, {reason: '测试'})
    expect(() => ws.db.run("UPDATE documents SET number = 'x' WHERE id = ?", record.id)).toThrow(/只增记录/)
    expect(() => ws.db.run('DELETE FROM documents WHERE id = ?', record.id)).toThrow(/只增记录/)
    expect(() => ws.db.run('DELETE FROM document_voids')).toThrow(/只增记录/)
  })
})
