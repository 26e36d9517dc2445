import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {confidentialView, type DocumentView, viewDocument} from '../../access/confidential-view.js'
import {voidDocument} from '../../documents/document-actions.js'

export default class DocVoid extends BaseCommand<typeof DocVoid> {
  static override summary = '作废文书：保留文件、文号和记录，标记作废并记录理由（文号不再使用）'
  static override examples = ['<%= config.bin %> <%= command.id %> 2026-0001 D05 --reason 当事人名称书写错误']

  static override args = {
    case: Args.string({description: '案件编号 YYYY-NNNN', required: true}),
    doc: Args.string({description: '文书 id 或文号/编号', required: true}),
  }

  static override flags = {
    reason: Flags.string({description: '作废理由', required: true}),
  }

  async run(): Promise<DocumentView> {
    const ws = this.workspace()
    const document = viewDocument(confidentialView(ws, this.args.case), voidDocument(ws, this.args.case, this.args.doc, {reason: this.flags.reason}))
    if (!this.jsonEnabled()) this.log(`${document.id}《${document.name}》${document.number ? ` ${document.number}` : ''} 已作废：${document.voided?.reason}`)
    return document
  }
}
