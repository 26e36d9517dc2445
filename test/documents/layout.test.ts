import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import PizZip from 'pizzip'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {approveDocument} from '../../src/documents/document-actions.js'
import {addPerson} from '../../src/people/roles.js'
import {resolveFields} from '../../src/documents/field-values.js'
import {fillDocument} from '../../src/documents/fill-document.js'
import {getCase} from '../../src/cases/case-service.js'
import {documentFields} from '../../src/law/document-fields.js'
import {DOCUMENT_TYPES} from '../../src/law/documents.js'
import type {Workspace} from '../../src/workspace/workspace.js'
import {createCase} from '../../src/cases/case-service.js'
import {exampleData, workspaceWithCase} from '../helpers/workspace-builder.js'
import {snapshot} from './core-fixture.js'
import {refusalOf} from '../helpers/refusal.js'

const part = (root: string, file: string, name: string): string | undefined => new PizZip(readFileSync(join(root, file))).file(name)?.asText()

const paragraphs = (xml: string): string[] => [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((match) => match[0])
const textOf = (xml: string): string => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join('')

/** The 笔录 signed page by page, with the signer their footer names. */
const PAGED_RECORDS: Record<string, string> = {
  'inquiry-record': '被询问人',
  'onsite-record': '被检查人',
  'penalty-hearing-record': '当事人或委托代理人',
  'permit-hearing-record': '听证参加人',
  'statement-record': '陈述申辩人',
  'verification-record': '申请人',
}

describe('filled documents: layout a legal reviewer signs', () => {
  let ws: Workspace
  let root: string
  const files = new Map<string, string>()

  beforeAll(() => {
    const made = workspaceWithCase()
    ws = made.ws
    root = made.root
    for (const type of DOCUMENT_TYPES) files.set(type.id, fillDocument(ws, made.caseId, type.id, {data: exampleData(type.id), date: '2026-04-01'}).file)
  })
  afterAll(() => ws.close())

  it.each(DOCUMENT_TYPES.map((type) => [type.id]))('%s: no manual line break stretched in a justified paragraph', (typeId) => {
    const file = files.get(typeId)!
    const settings = part(root, file, 'word/settings.xml') ?? ''
    const compat = /<w:doNotExpandShiftReturn\/>/.test(settings)
    const stretched = paragraphs(part(root, file, 'word/document.xml')!).filter((xml) => /<w:jc w:val="both"\/>/.test(xml) && /<w:br\/>/.test(xml))
    expect(compat || stretched.length === 0).toBe(true)
    // The examples do write multi-line text (findings, digests): the option is what keeps them flush.
    expect(compat).toBe(true)
  })

  it.each(DOCUMENT_TYPES.map((type) => [type.id]))('%s: every page carries 第 X 页 共 Y 页 (PAGE and NUMPAGES fields)', (typeId) => {
    const file = files.get(typeId)!
    const zip = new PizZip(readFileSync(join(root, file)))
    const footers = Object.keys(zip.files).filter((name) => /^word\/footer\d*\.xml$/.test(name))
    expect(footers.length).toBeGreaterThan(0)
    const footer = footers.map((name) => zip.file(name)!.asText()).join('')
    expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/)
    expect(footer).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*<\/w:instrText>/)
    expect(part(root, file, 'word/document.xml')).toMatch(/<w:footerReference w:type="default"/)
    const signer = PAGED_RECORDS[typeId]
    if (signer) expect(textOf(footer)).toContain(`${signer}（签名）`)
  })

  it.each(DOCUMENT_TYPES.map((type) => [type.id]))('%s: the seal block keeps with the paragraph before it', (typeId) => {
    const all = paragraphs(part(root, files.get(typeId)!, 'word/document.xml')!)
    const seal = all.findIndex((xml) => textOf(xml).endsWith('（印章）'))
    if (seal < 0) {
      // Records, lists and forms are signed, not sealed.
      expect(DOCUMENT_TYPES.find((type) => type.id === typeId)!.numbering).not.toBe('docno')
      return
    }

    expect(all[seal]).toContain('<w:keepNext/>')
    expect(all[seal - 1]).toContain('<w:keepNext/>')
    expect(textOf(all[seal - 1]).trim()).not.toBe('')
  })

  it('prints each 笔录\'s signer line in the footer and no blank 第 页 共 页 line in the body', () => {
    for (const typeId of Object.keys(PAGED_RECORDS)) expect(textOf(part(root, files.get(typeId)!, 'word/document.xml')!)).not.toContain('第　　页　共　　页')
  })

  it('rules the 送达回证 and 内部程序审批表 as grids, and gives each digest a full-width row', () => {
    for (const typeId of ['service-receipt', 'internal-approval']) {
      const xml = part(root, files.get(typeId)!, 'word/document.xml')!
      expect(xml, typeId).toMatch(/<w:tbl>/)
      expect(xml, typeId).toMatch(/<w:trHeight w:val="1200" w:hRule="atLeast"\/>/)
    }

    const handover = part(root, files.get('av-handover')!, 'word/document.xml')!
    const digests = (exampleData('av-handover').files as unknown[]).length
    expect(handover.match(/<w:gridSpan w:val="\d+"\/>/g)?.length).toBe(digests)
    expect(textOf(handover)).toContain('SHA-256：')
  })
})

describe('filled documents: wording', () => {
  const fill = (typeId: string, data: Record<string, unknown>, procedure?: string) => {
    const made = workspaceWithCase()
    let caseId = made.caseId
    if (procedure) {
      caseId = createCase(made.ws, {
        officers: made.ws.config.officers,
        party: {address: '衡阳市珠晖区东风路1号', idNumber: '91430405MA4L000000', name: '衡阳市某某足浴店'},
        procedure,
        title: '公共场所卫生许可',
      }).id
    }

    const record = fillDocument(made.ws, caseId, typeId, {data, date: '2026-04-01'})
    const text = textOf(part(made.root, record.file, 'word/document.xml')!)
    made.ws.close()
    return text
  }

  it('addresses a unit as 你单位 and a person as 你, with the person\'s own lines, and names the 案由', () => {
    const unit = fill('penalty-decision', exampleData('penalty-decision'))
    expect(unit).toContain('对你单位涉嫌未取得卫生许可证从事公共场所经营活动一案立案调查')
    expect(unit).toContain('统一社会信用代码：91430405MA4L000000')
    expect(unit).not.toContain('你（单位）')
    expect(unit).not.toContain('身份证件号码')
    const person = fill('penalty-decision', {...exampleData('penalty-decision'), discretionReason: '', partyGender: '女', partyIdNo: '430405199003150026', partyType: 'person', statementResult: ''})
    expect(person).toContain('对你涉嫌')
    expect(person).toContain('性别：女')
    expect(person).toContain('身份证件号码：430405199003150026')
    expect(person).not.toContain('你单位')
    expect(person).not.toContain('法定代表人')
  })

  it('takes the party type from the case when it records one, accepts 个人/单位 in data, and never guesses', () => {
    const {ws, caseId} = workspaceWithCase()
    const caseRecord = getCase(ws, caseId)
    const fields = documentFields('penalty-decision')
    const context = {config: ws.config, docDate: '2026-04-01'}
    const typed = {...caseRecord, parties: [{...caseRecord.parties[0], type: 'person' as const}]}
    expect(resolveFields(fields, {}, {...context, caseRecord: typed}).values.partyType).toBe('person')
    expect(resolveFields(fields, {partyType: '单位'}, {...context, caseRecord}).values.partyType).toBe('organization')
    expect(resolveFields(fields, {}, {...context, caseRecord}).missing.map((field) => field.key)).toContain('partyType')
    expect(resolveFields(fields, {partyType: '公司'}, {...context, caseRecord}).problems.join()).toMatch(/person、organization/)
    const before = snapshot(ws, caseId)
    const {partyType: _omitted, ...data} = exampleData('penalty-decision')
    const error = refusalOf(() => fillDocument(ws, caseId, 'penalty-decision', {data}))
    expect([error.code, error.message]).toEqual(['DOC_FIELDS_INVALID', expect.stringContaining('当事人类型')])
    expect(snapshot(ws, caseId)).toEqual(before)
    ws.close()
  })

  it('fixes the statutory sentences: payment account (第六十七条), 责令改正, 证明内容, 没收违法所得', () => {
    const text = fill('penalty-decision', exampleData('penalty-decision'))
    expect(text).toContain('请你单位自收到本决定书之日起十五日内，将罚没款缴至中国工商银行衡阳珠晖支行（户名：')
    expect(text).toContain('一、责令你单位立即停止未取得卫生许可证的经营活动')
    expect(text).toContain('证明内容')
    expect(text).toContain('没收违法所得人民币30000元。')
  })

  it('uses the document\'s own noun in the remedy clause and leaves no trailing 申请人地址', () => {
    const rejection = fill('rejection-notice', exampleData('rejection-notice'))
    expect(rejection).toContain('如不服本决定，可以在收到本通知书之日起六十日内')
    expect(rejection).not.toContain('申请人地址')
    expect(fill('seizure-extension', exampleData('seizure-extension'))).toContain('收到本通知书之日起')
    expect(fill('permit-grant', exampleData('permit-grant'))).not.toContain('申请人地址')
  })

  it('writes the 陈述申辩笔录 by procedure: 行政处罚法 in a penalty case, 行政许可法第三十六条 in a permit case', () => {
    const penalty = fill('statement-record', exampleData('statement-record'))
    expect(penalty).toContain('《中华人民共和国行政处罚法》第四十五条')
    expect(penalty).toContain('行政处罚事先告知书文号：')
    const permit = fill('statement-record', exampleData('statement-record'), 'permit')
    expect(permit).toContain('《中华人民共和国行政许可法》第三十六条')
    expect(permit).not.toContain('行政处罚')
  })

  it('prints the 陈述申辩 period with its unit in words, cites 第六十三、六十四条 for the hearing, and 第六十九条 by 款', () => {
    const notice = fill('penalty-prior-notice', exampleData('penalty-prior-notice'))
    expect(notice).toContain('请于收到本告知书之日起三个工作日内向本机关提出')
    expect(notice).toContain('第六十三条、第六十四条')
    expect(fill('penalty-prior-notice', {...exampleData('penalty-prior-notice'), hearingRight: '否'})).not.toContain('听证')
    expect(fill('penalty-prior-notice', {...exampleData('penalty-prior-notice'), statementDeadline: '2026-04-08'})).toContain('请于2026年4月8日前向本机关提出')
    expect(fill('permit-revocation', exampleData('permit-revocation'))).toContain('《中华人民共和国行政许可法》第六十九条第二款的规定')
  })

  it('records the 现场笔录 closing and, for a 强制措施, the 行政强制法第十八条 items; the 询问笔录 answers the 回避 question', () => {
    const onsite = fill('onsite-record', {...exampleData('onsite-record'), coerciveMeasure: '查封毛巾40条', measureApproval: '经局长电话批准', partyStatement: '无异议'})
    expect(onsite).toContain('以上笔录我已看过，与现场情况相符')
    expect(onsite).toContain('实施前已向本机关负责人报告并经批准（经局长电话批准）')
    expect(onsite).toContain('第十八条')
    expect(fill('inquiry-record', exampleData('inquiry-record'))).toMatch(/你是否明白？答：明白，不申请回避。/)
  })

  it('never prints 「。。」 when the user ends a field with a full stop', () => {
    const text = fill('penalty-decision', {...exampleData('penalty-decision'), correctionOrder: '立即停止经营活动。'})
    expect(text).toContain('一、责令你单位立即停止经营活动。')
    expect(text).not.toMatch(/[。；，]。/)
  })

  it('shows in the 内部程序审批表 the 审核 and 批准 recorded with doc approve, under the 法制审核 row', () => {
    const {ws, caseId, root} = workspaceWithCase()
    addPerson(ws, {name: '刘强', roles: ['reviewer']})
    addPerson(ws, {name: '王建国', roles: ['approver']})
    const notice = fillDocument(ws, caseId, 'penalty-prior-notice', {data: exampleData('penalty-prior-notice'), date: '2026-03-15'})
    approveDocument(ws.as('刘强'), caseId, notice.id, {at: '2026-03-15T10:00', by: '刘强', opinion: '事实清楚，拟处罚适当', role: 'review'})
    approveDocument(ws.as('王建国'), caseId, notice.id, {at: '2026-03-15T15:00', by: '王建国', opinion: '同意', role: 'approve'})
    const record = fillDocument(ws, caseId, 'internal-approval', {data: {...exampleData('internal-approval'), approvedDoc: notice.number}, date: '2026-03-15'})
    const text = textOf(part(root, record.file, 'word/document.xml')!)
    expect(text).toContain('法制审核意见（《中华人民共和国行政处罚法》第五十八条）')
    expect(text).toContain('事实清楚，拟处罚适当')
    expect(text).toContain('审核人（签名）：刘强')
    expect(text).toContain('批准人（签名）：王建国　　2026年3月15日15时00分')
    expect(text).toContain('《行政处罚事先告知书》珠卫罚告〔2026〕1号')
    ws.close()
  })
})

describe('filled documents: amounts and periods the law limits', () => {
  it.each([
    ['a 当场 fine over 3000 元 for a unit', 'summary-penalty-decision', {fineAmount: '3500'}, /第五十一条/],
    ['a 当场 fine over 200 元 for a person', 'summary-penalty-decision', {fineAmount: '300', partyType: 'person'}, /公民的罚款不得超过200元.*第五十一条/],
    ['a 查封 period over 30 days', 'seizure-decision', {endDate: '2026-04-02'}, /不得超过三十日.*31 日.*行政强制法》第二十五条/],
    ['an extension over 30 days', 'seizure-extension', {newEndDate: '2026-05-01'}, /延长查封、扣押的期限不得超过三十日.*第二十五条/],
    ['a 加处罚款 over the fine', 'payment-reminder', {surchargeAmount: '2500', totalAmount: '4500'}, /加处罚款的数额不得超出罚款的数额.*第四十五条/],
  ])('refuses %s: usage error naming the article, nothing written, no number used', (_name, typeId, set, message) => {
    const {ws, caseId} = workspaceWithCase()
    const before = snapshot(ws, caseId)
    const error = refusalOf(() => fillDocument(ws, caseId, typeId, {data: exampleData(typeId), date: '2026-04-01', set: set as Record<string, string>}))
    expect([error.kind, error.code]).toEqual(['usage', 'DOC_LIMIT_EXCEEDED'])
    expect(error.message).toMatch(message)
    expect(snapshot(ws, caseId)).toEqual(before)
    const next = fillDocument(ws, caseId, typeId, {data: exampleData(typeId), date: '2026-04-01'})
    expect(next.number ?? '').toMatch(/^(?:珠卫[^〔]+〔2026〕1号|2026-001|)$/)
    ws.close()
  })

  it('accepts the limits themselves: 3000 元 for a unit on the spot, exactly thirty days of 查封', () => {
    const {ws, caseId} = workspaceWithCase()
    expect(fillDocument(ws, caseId, 'summary-penalty-decision', {data: exampleData('summary-penalty-decision'), set: {fineAmount: '3000'}}).number).toBe(`${new Date().getFullYear()}-001`)
    expect(fillDocument(ws, caseId, 'seizure-decision', {data: exampleData('seizure-decision'), set: {endDate: '2026-04-01'}}).type).toBe('seizure-decision')
    ws.close()
  })
})
