import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/render/table.js'
import {confidentialView, type DocumentView, viewDocument} from '../../access/confidential-view.js'
import type {DocumentRecord} from '../../workspace/records.js'
import {listDocuments} from '../../documents/document-store.js'

export interface DocListResult {
  caseId: string
  /** Each document with its confidentiality mark (第四十七条), null when it carries none; a marked one's fields masked unless the actor may read them. */
  documents: DocumentView[]
}

const APPROVAL_STATE = (document: DocumentRecord): string =>
  document.approvals.some((approval) => approval.role === 'approve')
    ? '已批准'
    : document.approvals.some((approval) => approval.role === 'review')
      ? '已审核'
      : ''

export default class DocList extends BaseCommand<typeof DocList> {
  static override summary = '列出案件的文书（含已作废的）'
  static override examples = ['<%= config.bin %> <%= command.id %> 2026-0001', '<%= config.bin %> <%= command.id %> 2026-0001 --json']

  static override args = {
    case: Args.string({description: '案件编号 YYYY-NNNN', required: true}),
  }

  async run(): Promise<DocListResult> {
    const ws = this.workspace()
    const view = confidentialView(ws, this.args.case)
    const documents = listDocuments(ws, this.args.case).map((document) => viewDocument(view, document))
    if (!this.jsonEnabled()) {
      if (documents.length === 0) this.log(`案件 ${this.args.case} 尚无文书（用 zfjl doc fill 填写）`)
      else {
        this.log(
          renderTable(
            ['文书 id', '名称', '文号/编号', '日期', '承办人', '审批', '送达', '状态', '保密'],
            documents.map((document) => [
              document.id,
              document.name,
              document.number,
              document.docDate,
              document.draftedBy,
              APPROVAL_STATE(document),
              document.services.map((service) => `${service.to} ${service.at.slice(0, 10)}`).join('；'),
              document.voided ? `作废：${document.voided.reason}` : '有效',
              document.mark?.className,
            ]),
          ),
        )
      }
    }

    return {caseId: this.args.case, documents}
  }
}
