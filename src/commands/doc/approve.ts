import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {confidentialView, type DocumentView, viewDocument} from '../../access/confidential-view.js'
import {approveDocument} from '../../documents/document-actions.js'

export default class DocApprove extends BaseCommand<typeof DocApprove> {
  static override summary = '审核或批准文书（第十四条、第四十八条：先审核后批准，承办人不得审批自己起草的文书）'
  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001 D05 --role review --opinion 事实清楚，证据确凿，同意',
    '<%= config.bin %> <%= command.id %> 2026-0001 珠卫罚〔2026〕12号 --role approve',
    '<%= config.bin %> <%= command.id %> 2026-0001 D05 --role review --at 2026-10-20T15:00',
  ]

  static override args = {
    case: Args.string({description: '案件编号 YYYY-NNNN', required: true}),
    doc: Args.string({description: '文书 id 或文号/编号', required: true}),
  }

  static override flags = {
    at: Flags.string({description: '审核或批准的时间（补录纸质审批时用；默认现在，不得早于文书日期或前一环节）'}),
    by: Flags.string({description: '审核人或批准人，只能是操作人本人（须具有 reviewer / approver 角色）；可省略'}),
    opinion: Flags.string({description: '审核或批准意见'}),
    role: Flags.string({description: 'review（审核）或 approve（批准）', options: ['review', 'approve'], required: true}),
  }

  async run(): Promise<DocumentView> {
    const {flags} = this
    const ws = this.workspace()
    const approved = approveDocument(ws, this.args.case, this.args.doc, {
      at: flags.at,
      by: flags.by,
      opinion: flags.opinion,
      role: flags.role as 'review' | 'approve',
    })
    const document = viewDocument(confidentialView(ws, this.args.case), approved)
    if (!this.jsonEnabled()) {
      const latest = document.approvals.at(-1)!
      this.log(`${document.id}《${document.name}》已${latest.role === 'review' ? '审核' : '批准'}：${latest.by}（${latest.at}）`)
    }

    await this.nextStep((steps) => steps.nextStepForDocument(ws, approved.caseId, approved.id))

    return document
  }
}
