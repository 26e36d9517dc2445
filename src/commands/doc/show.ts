import {Args} from '@oclif/core'

import {confidentialView, type DocumentView, viewDocument} from '../../access/confidential-view.js'
import {BaseCommand} from '../../cli/base-command.js'
import {documentFields} from '../../law/document-fields.js'
import {findDocument, SERVICE_METHODS} from '../../documents/document-store.js'

const ROLE_NAMES = {approve: '批准', review: '审核'} as const

/**
 * A list field on one line, its rows joined by 「；」. Rows are written for the 文书, where each stands on
 * its own line and often ends with its own 「；」 or 「。」: that ending is dropped so rows are not
 * separated twice (「警告；；罚款」), and empty rows are left out.
 */
const printable = (value: unknown): string =>
  Array.isArray(value)
    ? value
        .map((row) => Object.values(row as Record<string, unknown>).join(' ').trim().replace(/[；;，,。]+$/u, ''))
        .filter(Boolean)
        .join('；')
    : String(value)

export default class DocShow extends BaseCommand<typeof DocShow> {
  static override summary = '查看文书：文号、字段、文件摘要、承办/审核/批准、送达、作废'
  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001 2026-0001-D03',
    '<%= config.bin %> <%= command.id %> 2026-0001 珠卫罚〔2026〕12号 --json',
  ]

  static override args = {
    case: Args.string({description: '案件编号 YYYY-NNNN', required: true}),
    doc: Args.string({description: '文书 id（2026-0001-D03 或 D03）或文号/编号', required: true}),
  }

  async run(): Promise<DocumentView> {
    const ws = this.workspace()
    const document = viewDocument(confidentialView(ws, this.args.case), findDocument(ws, this.args.case, this.args.doc))
    if (!this.jsonEnabled()) {
      this.log(`${document.id}《${document.name}》${document.number ? ` ${document.number}` : ''}${document.voided ? '  〔已作废〕' : ''}${document.mark ? `  〔${document.mark.className}〕` : ''}`)
      this.log(`  类型：${document.type}\u3000日期：${document.docDate}`)
      this.log(`  文件：${document.file}`)
      this.log(`  SHA-256：${document.sha256}`)
      this.log(`  SM3：${document.sm3}`)
      this.log(`  承办人：${document.draftedBy}（${document.draftedAt}）`)
      for (const approval of document.approvals) {
        this.log(`  ${ROLE_NAMES[approval.role]}：${approval.by}（${approval.at}）${approval.opinion ? ` 意见：${approval.opinion}` : ''}`)
      }

      for (const service of document.services) {
        this.log(`  送达：${service.to}，${SERVICE_METHODS[service.method]}，${service.at}${service.receiptDocId ? `，送达回证 ${service.receiptDocId}` : ''}`)
      }

      if (document.voided) this.log(`  作废：${document.voided.reason}（${document.voided.by}，${document.voided.at}）`)
      this.log(document.masked ? `  字段：（${document.mark?.className}，内容已屏蔽；执法机构负责人或经批准含涉密内容的申请人可见）` : '  字段：')
      for (const field of documentFields(document.type)) {
        const value = document.fields[field.key]
        if (value !== undefined) this.log(`    ${field.label}：${printable(value)}`)
      }
    }

    return document
  }
}
